import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** Where the explorer's files are served (see `installExplorer`). */
export const EXPLORER_ASSETS_PATH = '/explorer';

/**
 * The page a browser gets at GET /graphql in development: GraphiQL with a headers editor for the access token,
 * loaded only from the gateway's own assets so it works offline, and a link to Apollo Sandbox when online.
 * No inline script: the content security policy allows only the gateway's own scripts.
 */
export function explorerPageHtml(): string {
  const asset = (name: string) => `${EXPLORER_ASSETS_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Retail API explorer</title>
    <link rel="stylesheet" href="${asset('graphiql.css')}" />
    <style>
      html, body { height: 100%; margin: 0; }
      body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
      header { display: flex; gap: 1rem; align-items: center; padding: 0.4rem 1rem; font-size: 0.9rem; border-bottom: 1px solid #ddd; }
      header h1 { font-size: 1rem; margin: 0; }
      #graphiql { flex: 1; min-height: 0; }
    </style>
  </head>
  <body>
    <header>
      <h1>Retail API explorer</h1>
      <span>GraphiQL, served by this gateway (development only). Put your token in the Headers tab.</span>
      <a id="sandbox-link" hidden target="_blank" rel="noopener noreferrer">Open in Apollo Sandbox</a>
    </header>
    <div id="graphiql">Loading the explorer…</div>
    <script src="${asset('react.js')}"></script>
    <script src="${asset('react-dom.js')}"></script>
    <script src="${asset('graphiql.js')}"></script>
    <script src="${asset('explorer.js')}"></script>
  </body>
</html>
`;
}

/** Apollo Server's landing page (GET /graphql from a browser), replaced by the offline explorer. */
export function explorerLandingPagePlugin(): ApolloServerPlugin<BaseContext> {
  const html = explorerPageHtml();
  return {
    async serverWillStart() {
      return { async renderLandingPage() { return { html }; } };
    },
  };
}
