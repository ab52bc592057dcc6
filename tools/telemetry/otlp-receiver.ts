import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OtlpTraceStore, type OtlpTraceExport, type ReceivedSpan } from './otlp-trace-store';

export interface RunningOtlpReceiver {
  /** Base URL: give it to processes as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  store: OtlpTraceStore;
  close(): Promise<void>;
}

/** A span as JSON (nanosecond times as strings). */
export type SpanJson = Omit<ReceivedSpan, 'startTimeUnixNano' | 'endTimeUnixNano'> & {
  startTimeUnixNano: string;
  endTimeUnixNano: string;
};

export function spanToJson(span: ReceivedSpan): SpanJson {
  return { ...span, startTimeUnixNano: String(span.startTimeUnixNano), endTimeUnixNano: String(span.endTimeUnixNano) };
}

export function spanFromJson(span: SpanJson): ReceivedSpan {
  return { ...span, startTimeUnixNano: BigInt(span.startTimeUnixNano), endTimeUnixNano: BigInt(span.endTimeUnixNano) };
}

/**
 * A minimal OpenTelemetry collector for tests and local use: accepts OTLP/HTTP traces in JSON
 * (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) on `POST /v1/traces`, keeps them in memory, and lists them on
 * `GET /traces` (trace ids) and `GET /traces/<traceId>` (its spans), for `print-span-tree`.
 */
export async function startOtlpReceiver(port = 0, host = '127.0.0.1'): Promise<RunningOtlpReceiver> {
  const store = new OtlpTraceStore();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'POST' && url.pathname === '/v1/traces') {
      if (!String(req.headers['content-type']).startsWith('application/json')) {
        return reply(415, { error: 'only OTLP/HTTP JSON is accepted: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json' });
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          store.add(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraceExport);
          reply(200, { partialSuccess: {} });
        } catch (error) {
          reply(400, { error: (error as Error).message });
        }
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/traces') return reply(200, store.traceIds());
    const traceMatch = url.pathname.match(/^\/traces\/([0-9a-f]{32})$/);
    if (req.method === 'GET' && traceMatch) return reply(200, store.trace(traceMatch[1]!).map(spanToJson));
    reply(404, { error: `No route for ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    store,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Exporters keep their connections alive; the receiver does not wait for them to idle.
        server.closeAllConnections();
      }),
  };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 4318);
  startOtlpReceiver(port).then(
    (receiver) => console.log(`OTLP/HTTP JSON receiver on ${receiver.url} (POST /v1/traces; GET /traces, /traces/<id>)`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
