import { readFileSync } from 'node:fs';
import { spanFromJson, type SpanJson } from './otlp-receiver';
import { formatSpanTree, isDetailSpan } from './span-tree';

/**
 * Prints the span tree of one trace, from an OTLP receiver (`otlp-receiver.ts`) or from a JSON file of spans
 * (as the telemetry e2e suite writes one: `.local/<E2E_NAME>/checkout-trace.json`):
 *   node tools/dist/telemetry/print-span-tree.js [receiver URL | spans.json] [trace id] [--brief]
 * Without a trace id, the latest trace with a `placeOrder` span (a checkout), else the latest trace.
 * `--brief` leaves out database internals, Redis commands, parse/validate and field resolvers.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--brief');
  const brief = process.argv.includes('--brief');
  const source = args[0] ?? 'http://127.0.0.1:4318';
  let traceId: string;
  let spans: SpanJson[];
  if (/^https?:/.test(source)) {
    traceId = args[1] ?? (await latestCheckoutTrace(source));
    spans = await spansOf(source, traceId);
  } else {
    const all = JSON.parse(readFileSync(source, 'utf8')) as SpanJson[];
    const chosen = args[1] ?? all.at(-1)?.traceId;
    if (!chosen) throw new Error(`${source} holds no span`);
    traceId = chosen;
    spans = all.filter((span) => span.traceId === traceId);
  }
  console.log(`trace ${traceId}`);
  console.log(formatSpanTree(spans.map(spanFromJson), brief ? isDetailSpan : undefined));
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
