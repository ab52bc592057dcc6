import { formatSpanTree, isDetailSpan, servicesOf } from './span-tree';
import { OtlpTraceStore, type OtlpTraceExport } from './otlp-trace-store';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function span(spanId: string, name: string, parentSpanId: string | undefined, start: number, end: number, extra = {}) {
  return {
    traceId: TRACE,
    spanId,
    parentSpanId,
    name,
    kind: 2,
    startTimeUnixNano: String(start * 1e6),
    endTimeUnixNano: String(end * 1e6),
    ...extra,
  };
}

function exportOf(service: string, spans: ReturnType<typeof span>[]): OtlpTraceExport {
  return {
    resourceSpans: [
      { resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] },
    ],
  };
}

describe('formatSpanTree', () => {
  it('prints a trace as a tree across services, children in start order, with links and errors', () => {
    const store = new OtlpTraceStore();
    store.add(exportOf('gateway', [span('a1', 'POST /graphql', undefined, 0, 40)]));
    store.add(
      exportOf('orders', [
        span('b2', 'mutation placeOrder', 'a1', 20, 35),
        span('b1', 'POST /graphql', 'a1', 10, 38),
      ]),
    );
    store.add(
      exportOf('orders-worker', [
        span('c1', 'saga RESERVE_STOCK', 'b1', 50, 60, { status: { code: 2 } }),
        span('c2', 'saga RESERVE_STOCK', 'b1', 70, 80, { links: [{ traceId: TRACE, spanId: 'c1' }] }),
        span('d1', 'orphan', 'ffff', 90, 91),
      ]),
    );
    const spans = store.trace(TRACE);
    expect(servicesOf(spans)).toEqual(['gateway', 'orders', 'orders-worker']);
    expect(formatSpanTree(spans)).toBe(
      [
        'POST /graphql [gateway server] 40.0 ms',
        '├─ POST /graphql [orders server] 28.0 ms',
        '│  ├─ saga RESERVE_STOCK [orders-worker server] 10.0 ms ERROR',
        '│  └─ saga RESERVE_STOCK [orders-worker server] 10.0 ms ↪ linked to c1',
        '└─ mutation placeOrder [orders server] 15.0 ms',
        'orphan [orders-worker server] 1.0 ms',
      ].join('\n'),
    );
  });

  it('leaves detail spans out of a brief tree, their children shown in their place', () => {
    const store = new OtlpTraceStore();
    store.add(
      exportOf('orders', [
        span('a1', 'graphql.resolve placeOrder', undefined, 0, 10),
        span('a2', 'prisma:client:transaction', 'a1', 1, 8),
        span('a3', 'prisma:client:operation', 'a2', 2, 7),
        span('a4', 'pg.query:INSERT retail_orders', 'a3', 3, 6),
        span('a5', 'add checkout.reserve-stock', 'a4', 4, 5),
        span('a6', 'graphql.resolve placeOrder.id', 'a1', 9, 10),
      ]),
    );
    expect(formatSpanTree(store.trace(TRACE), isDetailSpan)).toBe(
      [
        'graphql.resolve placeOrder [orders server] 10.0 ms',
        '└─ prisma:client:transaction [orders server] 7.0 ms',
        '   └─ add checkout.reserve-stock [orders server] 1.0 ms',
      ].join('\n'),
    );
  });

  it('reads base64 ids as some exporters send them', () => {
    const store = new OtlpTraceStore();
    const base64 = Buffer.from(TRACE, 'hex').toString('base64');
    store.add(exportOf('catalog', [{ ...span('0102030405060708', 'x', undefined, 0, 1), traceId: base64 }]));
    expect(store.traceIds()).toEqual([TRACE]);
  });
});
