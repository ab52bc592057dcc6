import { parse } from 'graphql';
import { STATUS_PROBE_ALIAS, derivedOrderStatusQuery, planOrderStatusSubscription, type OrderStatusPlan } from './order-status-operation';

const plan = (text: string, operationName?: string) => planOrderStatusSubscription(parse(text), operationName);

describe('planOrderStatusSubscription', () => {
  it('rewrites the subscription into the equivalent order(id) query, keeping the response key, variables and fragments', () => {
    const result = plan(`
      subscription Live($id: ID!) { live: orderStatusChanged(id: $id) { ...Parts payment { status } } }
      fragment Parts on Order { id status }
    `) as OrderStatusPlan;
    expect(result.responseKey).toBe('live');
    expect(result.operationName).toBe('Live');
    expect(result.orderId({ id: 'o-1' })).toBe('o-1');
    expect(result.query).toContain('query Live($id: ID!)');
    expect(result.query).toContain('live: order(id: $id)');
    expect(result.query).toContain(`${STATUS_PROBE_ALIAS}: status`);
    expect(result.query).toContain('fragment Parts on Order');
  });

  it('reads a literal id', () => {
    expect((plan('subscription { orderStatusChanged(id: "o-2") { id } }') as OrderStatusPlan).orderId(undefined)).toBe('o-2');
  });

  it.each([
    ['another root field', 'subscription { somethingElse { id } }'],
    ['two root fields', 'subscription { a: orderStatusChanged(id: "1") { id } b: orderStatusChanged(id: "2") { id } }'],
    ['a directive on the field', 'subscription { orderStatusChanged(id: "1") @include(if: true) { id } }'],
    ['a query', '{ order(id: "1") { id } }'],
  ])('refuses %s with a validation error', (_what, text) => {
    const errors = plan(text);
    expect(Array.isArray(errors)).toBe(true);
    expect((errors as Error[]).map((error) => (error as any).extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('derives the same query text every time (the persisted query list registers it)', () => {
    const text = 'subscription OrderStatus($id: ID!) { orderStatusChanged(id: $id) { id status } }';
    expect(derivedOrderStatusQuery(text)).toBe(derivedOrderStatusQuery(text));
    expect(derivedOrderStatusQuery('{ me { id } }')).toBeUndefined();
  });
});
