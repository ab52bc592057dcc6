import { dirname, join, resolve } from 'node:path';

/**
 * The files of the development explorer, all served by the gateway itself: React and GraphiQL come from npm
 * (their browser builds, resolved from the gateway's dependencies), the start-up script from gateway/explorer/.
 */
export interface ExplorerAsset {
  path: string;
  contentType: string;
}

// Package directories, not deep imports: the packages' "exports" do not list their browser builds.
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export function explorerAssets(): ReadonlyMap<string, ExplorerAsset> {
  const js = 'text/javascript; charset=utf-8';
  return new Map<string, ExplorerAsset>([
    ['react.js', { path: join(packageDir('react'), 'umd', 'react.production.min.js'), contentType: js }],
    ['react-dom.js', { path: join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), contentType: js }],
    ['graphiql.js', { path: join(packageDir('graphiql'), 'graphiql.min.js'), contentType: js }],
    ['graphiql.css', { path: join(packageDir('graphiql'), 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' }],
    ['explorer.js', { path: resolve(__dirname, '..', '..', 'explorer', 'explorer.js'), contentType: js }],
  ]);
}
