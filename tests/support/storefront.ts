import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const STOREFRONT_DIR = join(__dirname, '..', '..', 'examples', 'storefront');

/** The script of a command-line tool the storefront depends on, wherever npm placed the package. */
export function storefrontBin(packageName: string, command: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`, { paths: [STOREFRONT_DIR] });
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const script = typeof bin === 'string' ? bin : bin[command];
  if (!script) throw new Error(`${packageName} has no ${command} command`);
  return join(dirname(manifestPath), script);
}
