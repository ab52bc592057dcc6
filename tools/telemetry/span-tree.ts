import type { ReceivedSpan } from './otlp-trace-store';

/** OTLP span kinds, as numbers in OTLP/JSON. */
const KINDS = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

function milliseconds(span: ReceivedSpan): string {
  return `${(Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6).toFixed(1)} ms`;
}

/**
 * Spans left out of a brief tree: single database statements and Prisma's steps (a transaction stays, as one
 * span), connection pools, Redis commands, GraphQL parse and validate, and field resolvers (`graphql.resolve
 * a.b`). Their children move up to the nearest span shown.
 */
export function isDetailSpan(span: ReceivedSpan): boolean {
  return (
    (span.name.startsWith('prisma:client:') && span.name !== 'prisma:client:transaction') ||
    /^pg(-pool)?\./.test(span.name) ||
    /^graphql\.(parse|validate)$/.test(span.name) ||
    /^graphql\.resolve \S+\.\S+/.test(span.name) ||
    span.attributes['db.system'] === 'redis' ||
    span.attributes['db.system.name'] === 'redis'
  );
}

/**
 * A trace as an indented tree: each span with its service, kind and duration, children in start order; spans
 * whose parent was not received are printed as roots; links (a retried job pointing at its cause) are shown.
 * Spans for which `hide` is true are left out, their children shown in their place.
 */
export function formatSpanTree(spans: readonly ReceivedSpan[], hide: (span: ReceivedSpan) => boolean = () => false): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, ReceivedSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  for (const list of children.values()) list.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));

  const visibleChildren = (parent: string | undefined): ReceivedSpan[] =>
    (children.get(parent) ?? [])
      .flatMap((child) => (hide(child) ? visibleChildren(child.spanId) : [child]))
      .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? '' : last ? '└─ ' : '├─ ';
    const kind = KINDS[span.kind] ? ` ${KINDS[span.kind]}` : '';
    const error = span.statusCode === 2 ? ' ERROR' : '';
    const links = span.links.map((link) => ` ↪ linked to ${link.spanId}`).join('');
    lines.push(`${prefix}${branch}${span.name} [${span.service}${kind}] ${milliseconds(span)}${error}${links}`);
    const next = visibleChildren(span.spanId);
    const childPrefix = root ? prefix : prefix + (last ? '   ' : '│  ');
    next.forEach((child, index) => walk(child, childPrefix, index === next.length - 1, false));
  };
  for (const root of visibleChildren(undefined)) walk(root, '', true, true);
  return lines.join('\n');
}

/** The services that recorded spans in a trace. */
export function servicesOf(spans: readonly ReceivedSpan[]): string[] {
  return [...new Set(spans.map((span) => span.service))].sort();
}
