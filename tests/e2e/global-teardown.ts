/** Stops the system the end-to-end tests started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.e2eSystem?.stop();
}
