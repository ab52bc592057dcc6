import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  AccessTokenVerifier,
  USER_AUTHORIZATION_HEADER,
  bearerToken,
  serviceAudience,
  type AccessTokenVerifierOptions,
  type Principal,
  type SubgraphName,
} from '@retail/common';
import { graphql, parse, type OperationDefinitionNode, type FieldNode } from 'graphql';

/** One call a stand-in subgraph received: the root field and its arguments. */
export interface RecordedCall {
  field: string;
  args: Record<string, unknown>;
  /** Orders calls across every stand-in of the process. */
  sequence: number;
}

let nextSequence = 1;

export interface StandInContext {
  principal?: Principal;
}

/**
 * A tiny GraphQL subgraph over HTTP on a loopback port, for integration tests of a service that calls other
 * subgraphs. Like the real subgraphs it refuses (HTTP 401) requests without a service token for its audience and
 * takes the end user from X-User-Authorization; it records root-field calls, and can be told to answer HTTP 503
 * to the next calls of a field (a transient outage).
 */
export class StandInSubgraph {
  readonly calls: RecordedCall[] = [];
  private readonly outages = new Map<string, number>();
  private readonly holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  private server?: Server;
  url = '';

  constructor(
    private readonly typeDefs: string,
    private readonly resolvers: GraphQLResolverMap<StandInContext>,
    private readonly verification: AccessTokenVerifierOptions,
    private readonly name: SubgraphName,
  ) {}

  async start(): Promise<this> {
    // The stand-in always passes a StandInContext, which the library's resolver map cannot express.
    const resolvers = this.resolvers as GraphQLResolverMap<unknown>;
    const schema = buildSubgraphSchema({ typeDefs: parse(this.typeDefs), resolvers });
    const verifier = new AccessTokenVerifier(this.verification);
    this.server = createServer((req, res) => {
      void this.handle(req, res, schema, verifier).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `times` calls of `field` answer HTTP 503 without doing anything. */
  failNext(field: string, times = 1): void {
    this.outages.set(field, (this.outages.get(field) ?? 0) + times);
  }

  /**
   * Holds the next call of `field` before answering it, until `release()`: a remote call in flight, to act
   * (e.g. stop the caller) while it runs. `arrived` resolves when the call is being held.
   */
  holdNext(field: string): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.holds.set(field, { arrived, released });
    return { arrived: arrival, release };
  }

  clearOutages(): void {
    this.outages.clear();
  }

  callsOf(field: string): RecordedCall[] {
    return this.calls.filter((call) => call.field === field);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Undefined without a valid service token for this subgraph; the principal is the end user, else the caller. */
  private async contextOf(req: IncomingMessage, verifier: AccessTokenVerifier): Promise<StandInContext | undefined> {
    const callerToken = bearerToken(req.headers.authorization);
    if (!callerToken) return undefined;
    let caller: Principal;
    try {
      caller = await verifier.verifyService(callerToken, serviceAudience(this.name));
    } catch {
      return undefined;
    }
    const userToken = bearerToken(req.headers[USER_AUTHORIZATION_HEADER]);
    if (!userToken) return { principal: caller };
    try {
      return { principal: await verifier.verify(userToken) };
    } catch {
      return {};
    }
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
    schema: ReturnType<typeof buildSubgraphSchema>,
    verifier: AccessTokenVerifier,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const field = rootField(query);
    const remainingOutage = this.outages.get(field) ?? 0;
    if (remainingOutage > 0) {
      this.outages.set(field, remainingOutage - 1);
      res.statusCode = 503;
      res.setHeader('content-type', 'text/plain');
      res.end('Service Unavailable');
      return;
    }
    const context = await this.contextOf(req, verifier);
    if (!context) {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ errors: [{ message: 'Service credentials required', extensions: { code: 'UNAUTHENTICATED' } }] }));
      return;
    }
    this.calls.push({ field, args: variables ?? {}, sequence: nextSequence++ });
    const hold = this.holds.get(field);
    if (hold) {
      this.holds.delete(field);
      hold.arrived();
      await hold.released;
    }
    const result = context.principal
      ? await graphql({ schema, source: query, variableValues: variables, contextValue: context })
      : { errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ...result, errors: result.errors?.map(maskUncoded) }));
  }
}

/** Like the real subgraphs: an error without a client code is an internal error. */
function maskUncoded(error: { message: string; extensions?: Record<string, unknown> }) {
  const code = error.extensions?.code;
  return code ? { message: error.message, extensions: { code } } : { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function rootField(query: string): string {
  const operation = parse(query).definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  );
  const first = operation?.selectionSet.selections.find((selection): selection is FieldNode => selection.kind === 'Field');
  return first?.name.value ?? 'unknown';
}
