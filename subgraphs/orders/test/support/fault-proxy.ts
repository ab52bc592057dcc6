import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/**
 * What the proxy answers instead of forwarding: an outage (HTTP 503), a GraphQL error with a code, or nothing
 * at all (`hang`: the call stays open until the caller gives up or the proxy closes).
 */
export type InjectedFault =
  | { kind: 'unavailable' }
  | { kind: 'graphql-error'; code: string; message?: string }
  | { kind: 'hang' };

export interface ProxiedCall {
  /** Orders calls across every proxy of a test run. */
  sequence: number;
  /** The operation's first root field, e.g. `reserveStock`. */
  field: string;
  variables: Record<string, unknown>;
  /** Whether the call reached the real subgraph, or met an injected fault. */
  faulted: boolean;
}

let nextSequence = 1;

/**
 * Sits between the saga and a real subgraph: records every call and forwards it unchanged, except the calls
 * of a field told to fail, which get the injected fault instead. The subgraph behind it is the real one; the
 * proxy only plays the network or the other side having a bad moment.
 */
export class FaultProxy {
  readonly calls: ProxiedCall[] = [];
  url = '';
  private server?: Server;
  private readonly faults = new Map<string, { remaining: number; fault: InjectedFault }>();
  private readonly holds = new Map<string, { arrived: () => void; released: Promise<void> }>();

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 502;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `times` calls of `field` get `fault` (an outage unless told otherwise). */
  failNext(field: string, times: number, fault: InjectedFault = { kind: 'unavailable' }): void {
    this.faults.set(field, { remaining: times, fault });
  }

  /** Every call of `field` gets `fault` until `clearFaults`. */
  failAlways(field: string, fault: InjectedFault = { kind: 'unavailable' }): void {
    this.faults.set(field, { remaining: Number.POSITIVE_INFINITY, fault });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Holds the next call of `field` before forwarding it, until `release()`: a remote call in flight, to act
   * (e.g. stop the caller) while it runs. `arrived` resolves once the call is being held.
   */
  holdNext(field: string): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.holds.set(field, { arrived, released });
    return { arrived: arrival, release };
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { field, variables } = describe(body);
    const planned = field ? this.faults.get(field) : undefined;
    const faulted = planned !== undefined && planned.remaining > 0;
    if (field) this.calls.push({ sequence: nextSequence++, field, variables, faulted });
    if (planned && faulted) {
      planned.remaining -= 1;
      answerWithFault(res, planned.fault);
      return;
    }
    const hold = field ? this.holds.get(field) : undefined;
    if (hold) {
      this.holds.delete(field!);
      hold.arrived();
      await hold.released;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers.set(name, value);
    }
    const response = await fetch(`${this.target}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    res.statusCode = response.status;
    const contentType = response.headers.get('content-type');
    if (contentType) res.setHeader('content-type', contentType);
    res.end(Buffer.from(await response.arrayBuffer()));
  }
}

function answerWithFault(res: ServerResponse, fault: InjectedFault): void {
  if (fault.kind === 'hang') return;
  if (fault.kind === 'unavailable') {
    res.statusCode = 503;
    res.setHeader('content-type', 'text/plain');
    res.end('Service Unavailable');
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      data: null,
      errors: [{ message: fault.message ?? `Injected ${fault.code}`, extensions: { code: fault.code } }],
    }),
  );
}

function describe(body: Buffer): { field?: string; variables: Record<string, unknown> } {
  try {
    const request = JSON.parse(body.toString('utf8')) as { query?: string; variables?: Record<string, unknown> };
    const operation = parse(request.query ?? '').definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const first = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
    return { field: first?.kind === Kind.FIELD ? first.name.value : undefined, variables: request.variables ?? {} };
  } catch {
    return { variables: {} };
  }
}
