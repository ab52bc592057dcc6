import { spanFromJson, type SpanJson } from './otlp-receiver';
import { formatSpanTree } from './span-tree';

/**
 * Prints the span tree of one trace held by an OTLP receiver (`otlp-receiver.ts`):
 *   node tools/dist/telemetry/print-span-tree.js [receiver URL] [trace id]
 * Without a trace id, the latest trace with a `placeOrder` span (a checkout), else the latest trace.
 */
async function main(): Promise<void> {
  const receiverUrl = process.argv[2] ?? 'http://127.0.0.1:4318';
  const traceId = process.argv[3] ?? (await latestCheckoutTrace(receiverUrl));
  console.log(`trace ${traceId}`);
  console.log(formatSpanTree((await spansOf(receiverUrl, traceId)).map(spanFromJson)));
}

async function latestCheckoutTrace(receiverUrl: string): Promise<string> {
  const ids = (await (await fetch(`${receiverUrl}/traces`)).json()) as string[];
  const traces = await Promise.all(ids.map(async (id) => ({ id, spans: await spansOf(receiverUrl, id) })));
  const checkouts = traces.filter(({ spans }) => spans.some((span) => span.name.includes('placeOrder')));
  const latest = (checkouts.at(-1) ?? traces.at(-1))?.id;
  if (!latest) throw new Error(`The receiver at ${receiverUrl} holds no trace yet`);
  return latest;
}

async function spansOf(receiverUrl: string, traceId: string): Promise<SpanJson[]> {
  return (await (await fetch(`${receiverUrl}/traces/${traceId}`)).json()) as SpanJson[];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
