import {
  CHECKOUT_STEP_TABLE,
  COMPENSATION_STEPS,
  COMPENSATION_STEP_TABLE,
  FORWARD_STEPS,
  compensationPlan,
  nextCompensationStep,
  nextForwardStep,
} from './checkout-steps';
import { CHECKOUT_QUEUES, checkoutJobId } from './checkout-queues';

describe('checkout step table', () => {
  it('gives every forward step an entry, and every remote one a compensation', () => {
    expect(Object.keys(CHECKOUT_STEP_TABLE)).toEqual([...FORWARD_STEPS]);
    for (const step of FORWARD_STEPS) {
      const { compensation, local } = CHECKOUT_STEP_TABLE[step];
      if (!local) expect(COMPENSATION_STEPS).toContain(compensation);
    }
  });

  it('pairs each step with the compensation that undoes it', () => {
    expect(CHECKOUT_STEP_TABLE.RESERVE_STOCK.compensation).toBe('RELEASE_STOCK');
    expect(CHECKOUT_STEP_TABLE.AUTHORIZE_PAYMENT.compensation).toBe('REVERSE_PAYMENT');
    expect(CHECKOUT_STEP_TABLE.CAPTURE_PAYMENT.compensation).toBe('REVERSE_PAYMENT');
    expect(CHECKOUT_STEP_TABLE.COMMIT_STOCK.compensation).toBe('RELEASE_STOCK');
    expect(CHECKOUT_STEP_TABLE.CONFIRM_ORDER).toEqual({ compensation: null, local: true });
    expect(COMPENSATION_STEP_TABLE.CANCEL_ORDER.local).toBe(true);
  });

  it('has one queue per step with distinct names', () => {
    const names = Object.values(CHECKOUT_QUEUES);
    expect(Object.keys(CHECKOUT_QUEUES).sort()).toEqual([...FORWARD_STEPS, ...COMPENSATION_STEPS].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).not.toContain(':');
  });

  it('runs forward steps in order, then DONE', () => {
    expect(nextForwardStep('RESERVE_STOCK')).toBe('AUTHORIZE_PAYMENT');
    expect(nextForwardStep('COMMIT_STOCK')).toBe('CONFIRM_ORDER');
    expect(nextForwardStep('CONFIRM_ORDER')).toBe('DONE');
  });

  it('makes job ids BullMQ accepts, one per order and step', () => {
    const id = checkoutJobId('6f1c1c51-4a0e-4d7e-9a51-0d9b1c9b2f10', 'RESERVE_STOCK');
    expect(id).toBe('6f1c1c51-4a0e-4d7e-9a51-0d9b1c9b2f10.RESERVE_STOCK');
    expect(id).not.toContain(':');
  });
});

describe('compensationPlan', () => {
  it('compensates the step in flight when nothing completed yet', () => {
    expect(compensationPlan([])).toEqual(['RELEASE_STOCK', 'CANCEL_ORDER']);
  });

  it('walks completed steps backwards, including the one in flight, each compensation once', () => {
    expect(compensationPlan(['RESERVE_STOCK'])).toEqual(['REVERSE_PAYMENT', 'RELEASE_STOCK', 'CANCEL_ORDER']);
    expect(compensationPlan(['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'CAPTURE_PAYMENT'])).toEqual([
      'RELEASE_STOCK',
      'REVERSE_PAYMENT',
      'CANCEL_ORDER',
    ]);
  });

  it('undoes everything of a confirmed order', () => {
    expect(compensationPlan([...FORWARD_STEPS])).toEqual(['RELEASE_STOCK', 'REVERSE_PAYMENT', 'CANCEL_ORDER']);
  });

  it('always ends with CANCEL_ORDER', () => {
    const completed = ['RESERVE_STOCK'];
    expect(nextCompensationStep(completed, 'REVERSE_PAYMENT')).toBe('RELEASE_STOCK');
    expect(nextCompensationStep(completed, 'RELEASE_STOCK')).toBe('CANCEL_ORDER');
    expect(nextCompensationStep(completed, 'CANCEL_ORDER')).toBe('DONE');
  });
});
