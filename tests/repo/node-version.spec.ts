import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@retail/common';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

/** The `^X.Y.Z` / `>=X.Y.Z` alternatives of an engines range, as [major, minor] minimums. */
function minimums(range: string): { major: number; minor: number; open: boolean }[] {
  return range.split('||').map((alternative) => {
    const match = /^\s*(\^|>=)(\d+)\.(\d+)\.\d+\s*$/.exec(alternative);
    if (!match) throw new Error(`Unexpected engines alternative "${alternative}"`);
    return { major: Number(match[2]), minor: Number(match[3]), open: match[1] === '>=' };
  });
}

/** Whether `major.minor` (any patch) satisfies the range. */
function supports(range: string, major: number, minor: number): boolean {
  return minimums(range).some((min) =>
    min.open ? major > min.major || (major === min.major && minor >= min.minor) : major === min.major && minor >= min.minor,
  );
}

describe('supported Node versions', () => {
  const engines: string = JSON.parse(read('package.json')).engines.node;

  it('.nvmrc names a version the engines field supports', () => {
    // .nvmrc names a major line (nvm installs its latest release).
    expect(supports(engines, Number(read('.nvmrc').trim()), Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('README states the same versions as the engines field', () => {
    // README writes `^20.19.0` as 20.19+ and `>=24.0.0` as 24+.
    const stated = minimums(engines).map(({ major, minor }) => (minor === 0 ? `${major}+` : `${major}.${minor}+`));
    const readme = read('README.md');
    for (const version of stated) expect(readme).toContain(version);
  });

  it('include the Node running the tests (CI runs a supported version)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(supports(engines, major, minor)).toBe(true);
  });
});
