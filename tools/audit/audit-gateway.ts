import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, HeaderMap, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import { AccessTokenVerifier, CostDirectives, readConfig, readTokenVerification, requestIdMiddleware } from '@retail/common';
import { supergraphAuthorization } from '@retail/gateway/dist/authorization';
import { apiEdgeServerOptions } from '@retail/gateway/dist/edge/api-edge';
import { readEdgeConfig } from '@retail/gateway/dist/edge/edge-config';
import { createGatewayContextFactory } from '@retail/gateway/dist/gateway-context';

type ContextOf = (req: IncomingMessage) => Promise<BaseContext>;

/**
 * `node audit-gateway.js <retail|stock> <supergraph URL> <port>`: serves one federation gateway audit suite's
 * supergraph on 127.0.0.1:<port> (`/graphql`, `/health`), as the audit's `run.sh` must.
 * - `stock`: `@apollo/server` + `@apollo/gateway` with their default options, as the audit's own Apollo
 *   Gateway entry runs them.
 * - `retail`: the same gateway behind this project's public edge: operation limits and cost estimate (from
 *   the suite's supergraph, default limits), CSRF prevention, masked errors, request ids, the authorization
 *   plugin; persisted queries off. The service-token data source is left out: the audit's subgraphs are not
 *   ours.
 * Both are served by the same small HTTP handler, so only the Apollo Server options differ.
 */
async function main(mode: string, supergraphUrl: string, port: number): Promise<void> {
  if ((mode !== 'retail' && mode !== 'stock') || !supergraphUrl || !Number.isInteger(port)) {
    throw new Error('usage: audit-gateway.js <retail|stock> <supergraph URL> <port>');
  }
  const response = await fetch(supergraphUrl);
  if (!response.ok) throw new Error(`GET ${supergraphUrl}: HTTP ${response.status}`);
  const supergraphSdl = await response.text();
  const { server, contextOf } = mode === 'stock' ? stockServer(supergraphSdl) : retailServer(supergraphSdl);
  await server.start();

  const httpServer = createServer((req, res) => {
    if (req.url === '/health') return void res.end('OK');
    if (!req.url?.startsWith('/graphql')) return void res.writeHead(404).end();
    const serve = () => void handleGraphQL(server, contextOf, req, res).catch(() => res.writeHead(500).end());
    if (mode === 'retail') requestIdMiddleware(req, res, serve);
    else serve();
  });
  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  console.log(`${mode} gateway on http://127.0.0.1:${port}/graphql`);
  const stop = () => void server.stop().finally(() => httpServer.close(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function stockServer(supergraphSdl: string): { server: ApolloServer<BaseContext>; contextOf: ContextOf } {
  return { server: new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) }), contextOf: async () => ({}) };
}

function retailServer(supergraphSdl: string): { server: ApolloServer<BaseContext>; contextOf: ContextOf } {
  const env = { PERSISTED_QUERIES_MODE: 'off', ...process.env };
  const edgeConfig = readConfig((reader) => readEdgeConfig(reader, false), env);
  const gatewayContext = createGatewayContextFactory(new AccessTokenVerifier(readConfig(readTokenVerification, env)));
  const authorization = supergraphAuthorization(supergraphSdl);
  const edge = apiEdgeServerOptions(edgeConfig, CostDirectives.fromSdl(supergraphSdl));
  const options = {
    gateway: new ApolloGateway({ supergraphSdl: authorization.supergraphSdl }),
    ...edge,
    plugins: [...(edge.plugins ?? []), authorization.plugin],
  };
  return {
    server: new ApolloServer(options as unknown as ApolloServerOptions<BaseContext>),
    contextOf: async (req) => ({ ...(await gatewayContext({ req })) }),
  };
}

async function handleGraphQL(server: ApolloServer<BaseContext>, contextOf: ContextOf, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    return void res.writeHead(400).end('malformed JSON body');
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const result = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: new URL(req.url ?? '/', 'http://127.0.0.1').search, body },
    context: () => contextOf(req),
  });
  res.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === 'complete') return void res.end(result.body.string);
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

main(process.argv[2] ?? '', process.argv[3] ?? '', Number(process.argv[4])).catch((error) => {
  console.error(error);
  process.exit(1);
});
