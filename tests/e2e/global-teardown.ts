/** Stops the system the end-to-end tests started (its launcher stops every process it runs). */
export default async function globalTeardown(): Promise<void> {
  const system = globalThis.e2eSystem;
  if (!system || system.exitCode !== null) return;
  const exited = new Promise((resolve) => system.once('exit', resolve));
  system.kill('SIGTERM');
  await exited;
}
