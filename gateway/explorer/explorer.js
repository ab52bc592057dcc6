// Starts GraphiQL on the gateway's explorer page. Loaded from the gateway itself (no CDN), after React,
// ReactDOM and GraphiQL's UMD bundles, so the explorer works without internet access.
(function () {
  'use strict';
  var endpoint = window.location.origin + window.location.pathname;
  // Subscriptions go over WebSocket (graphql-ws); GraphiQL sends the Headers tab as the connection_init payload,
  // which is where the gateway reads the token.
  var fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: endpoint.replace(/^http/, 'ws') });
  // An empty Authorization is no token at all: the gateway treats the caller as signed out.
  var defaultHeaders = JSON.stringify({ Authorization: '' }, null, 2);
  var defaultQuery = [
    '# To act as a user: run the login mutation below, then put "Bearer <accessToken>" as Authorization in the Headers tab.',
    '# mutation { login(input: { email: "admin@example.com", password: "admin12345" }) { accessToken } }',
    '',
    'query Products {',
    '  products(first: 5) {',
    '    totalCount',
    '    edges { node { id name price { amount currency } } }',
    '  }',
    '}',
    '',
  ].join('\n');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultHeaders: defaultHeaders,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );

  // Apollo Sandbox is hosted by Apollo: offer it only when the browser is online.
  var sandbox = document.getElementById('sandbox-link');
  sandbox.href = 'https://studio.apollographql.com/sandbox/explorer?endpoint=' + encodeURIComponent(endpoint);
  function showSandbox() {
    sandbox.hidden = !navigator.onLine;
  }
  window.addEventListener('online', showSandbox);
  window.addEventListener('offline', showSandbox);
  showSandbox();
})();
