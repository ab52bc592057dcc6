/**
 * `node tools/dist/healthcheck/probe.js <url>`: exits 0 when `url` answers 2xx within 3 s, 1 otherwise. The
 * health check command of the container images, which carry Node but no curl or wget.
 */
const url = process.argv[2];
if (!url) {
  console.error('usage: probe.js <url>');
  process.exit(2);
}
fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  (error: unknown) => {
    console.error(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
