import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import {
  REPO_ROOT,
  SUBGRAPH_NAMES,
  ServiceTokenClient,
  USER_AUTHORIZATION_HEADER,
  readConfig,
  readServiceCredentials,
  readServiceUrl,
  type SubgraphName,
} from '@retail/common';
import { gatewayLoadableSupergraph } from '@retail/gateway/dist/authorization/gateway-supergraph';

interface StockContext {
  authorization?: string;
}

/**
 * A subgraph call as our subgraphs require it: the gateway client's service token for that subgraph, and the
 * caller's own token, if any, in X-User-Authorization.
 */
class ServiceTokenDataSource extends RemoteGraphQLDataSource<StockContext> {
  constructor(url: string, private readonly subgraph: SubgraphName, private readonly tokens: ServiceTokenClient) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<StockContext>): Promise<void> {
    request.http?.headers.set('authorization', `Bearer ${await this.tokens.token(this.subgraph)}`);
    if (context && 'authorization' in context && context.authorization) request.http?.headers.set(USER_AUTHORIZATION_HEADER, context.authorization);
  }
}

/**
 * `STOCK_GATEWAY_PORT=<port> node stock-gateway.js`: a stock `@apollo/server` (standalone) + `@apollo/gateway` with default
 * options, serving the project's composed supergraph on 127.0.0.1:<port>/ against the same subgraphs
 * (*_URL, as the project's gateway reads them) with the same credentials (the `gateway` client). The bench
 * compares the project's gateway with it. It enforces no `@authenticated` / `@requiresScopes` (the free
 * gateway cannot; their links lose `for: SECURITY` so it loads the supergraph), so it is for public reads only.
 */
async function main(port: number): Promise<void> {
  if (!Number.isInteger(port) || port <= 0) throw new Error('usage: STOCK_GATEWAY_PORT=<port> node stock-gateway.js');
  const supergraphPath = process.env.SUPERGRAPH_PATH || join(REPO_ROOT, 'gateway', 'supergraph.graphql');
  const { credentials, urls } = readConfig(
    (reader) => ({
      credentials: readServiceCredentials(reader, 'gateway'),
      urls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `${readServiceUrl(reader, name)}/graphql`])) as Record<SubgraphName, string>,
    }),
    process.env,
  );
  const tokens = new ServiceTokenClient(credentials);
  const gateway = new ApolloGateway({
    supergraphSdl: gatewayLoadableSupergraph(readFileSync(supergraphPath, 'utf8')),
    buildService: ({ name }) => {
      const subgraph = SUBGRAPH_NAMES.find((known) => known === name);
      if (!subgraph) throw new Error(`unknown subgraph ${name}`);
      return new ServiceTokenDataSource(urls[subgraph], subgraph, tokens);
    },
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  console.log(`stock gateway on ${url}`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main(Number(process.env.STOCK_GATEWAY_PORT)).catch((error) => {
  console.error(error);
  process.exit(1);
});
