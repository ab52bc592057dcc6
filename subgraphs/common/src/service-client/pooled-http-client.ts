import { STATUS_CODES } from 'node:http';
import { rootCertificates } from 'node:tls';
import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, request } from 'undici';

/** What the pooled client's `fetcher` answers: the response, its body already read. */
export type ServiceHttpResponse = FetcherResponse;

/** Sockets kept per origin; calls beyond it wait for a free one instead of opening more. */
const CONNECTIONS_PER_ORIGIN = 128;

/**
 * The HTTP client for calls between services (the gateway's subgraph calls, the saga's calls to catalog and
 * payments): one undici Agent (a keep-alive pool per origin) and a fetch-like `fetcher` on undici's `request`,
 * which skips what Node's `fetch` does for every call and a call between services does not need (WHATWG
 * Request, Response and body streams). That work was a tenth of the gateway's CPU per catalog read. `ca` is trusted next to the system CAs for https subgraphs (TLS_CA_FILE),
 * as the process's own fetch is. undici publishes the same diagnostics channels as Node's fetch, so the fetch
 * instrumentation still traces each call and carries `traceparent`.
 */
export class PooledHttpClient {
  private readonly agent: Agent;

  constructor({ ca }: { ca?: Buffer } = {}) {
    this.agent = new Agent({
      connections: CONNECTIONS_PER_ORIGIN,
      ...(ca ? { connect: { ca: [...rootCertificates, ca] } } : {}),
    });
  }

  readonly fetcher: Fetcher = async (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
    const response = await request(url, {
      dispatcher: this.agent,
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    // Subgraph answers are small JSON documents: read whole, so the socket returns to the pool at once.
    const text = await response.body.text();
    return new BufferedResponse(url, response.statusCode, new ResponseHeaders(response.headers), text);
  };

  /** Closes the pooled connections (the process is stopping). */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

class ResponseHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(raw: Record<string, string | string[] | undefined>) {
    for (const name in raw) {
      const value = raw[name];
      if (value !== undefined) this.map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  append(name: string, value: string): void {
    const existing = this.get(name);
    this.set(name, existing === null ? value : `${existing}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText: string;
  private used = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: ResponseHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async text(): Promise<string> {
    this.used = true;
    return this.body;
  }

  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const buffer = Buffer.from(await this.text());
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.headers, this.body);
  }
}

let processClient: PooledHttpClient | undefined;

/**
 * The process's one pooled client for calls to other services, trusting `ca` (TLS_CA_FILE) next to the system
 * CAs. `runService` sets it up once with the process's TLS settings; without that (tests), it trusts the
 * system CAs only.
 */
export function serviceHttp(): PooledHttpClient {
  processClient ??= new PooledHttpClient();
  return processClient;
}

/** Called once at start-up, before any call, with the CA from the process's TLS settings. */
export function configureServiceHttp({ ca }: { ca?: Buffer }): void {
  processClient = new PooledHttpClient({ ca });
}
