import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's root folder (the one holding supergraph.yaml), found from this file's location so it is
 * the same whether code runs from src/ under ts-jest or from dist/ under node. For files that ship with the
 * repo (seed data, the supergraph schema); runtime state lives where config says.
 */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'supergraph.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No supergraph.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();
