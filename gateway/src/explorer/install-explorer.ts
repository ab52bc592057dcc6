import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { explorerAssets } from './explorer-assets';
import { EXPLORER_ASSETS_PATH } from './explorer-page';

/** Serves the explorer's files at /explorer/<name> (development only; production serves no explorer). */
export function installExplorer(app: INestApplication): void {
  const assets = explorerAssets();
  app.use(EXPLORER_ASSETS_PATH, (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const name = (req.url ?? '').split('?')[0].replace(/^\//, '');
    const asset = assets.get(name);
    if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.setHeader('content-type', asset.contentType);
    res.setHeader('cache-control', 'public, max-age=3600');
    if (req.method === 'HEAD') return void res.end();
    createReadStream(asset.path)
      .on('error', () => res.destroy())
      .pipe(res);
  });
}
