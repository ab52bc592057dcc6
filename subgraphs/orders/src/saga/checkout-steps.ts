/**
 * The checkout saga, as a table. Forward steps run in this order; each names the compensation that undoes
 * it. Compensation walks the steps that ran (and the one in flight) backwards, then cancels the order.
 *
 *   RESERVE_STOCK      ↔ RELEASE_STOCK    (catalog)
 *   AUTHORIZE_PAYMENT  ↔ REVERSE_PAYMENT  (payments: voids an authorization or refunds a capture)
 *   CAPTURE_PAYMENT    ↔ REVERSE_PAYMENT
 *   COMMIT_STOCK       ↔ RELEASE_STOCK    (releasing committed stock returns the units)
 *   CONFIRM_ORDER        (local)          final compensation: CANCEL_ORDER (local)
 *
 * Handlers: saga/steps/stock.steps.ts, payment.steps.ts, order.steps.ts.
 */
export const FORWARD_STEPS = [
  'RESERVE_STOCK',
  'AUTHORIZE_PAYMENT',
  'CAPTURE_PAYMENT',
  'COMMIT_STOCK',
  'CONFIRM_ORDER',
] as const;
export type ForwardStep = (typeof FORWARD_STEPS)[number];

export const COMPENSATION_STEPS = ['RELEASE_STOCK', 'REVERSE_PAYMENT', 'CANCEL_ORDER'] as const;
export type CompensationStep = (typeof COMPENSATION_STEPS)[number];

export type CheckoutStep = ForwardStep | CompensationStep;
export const CHECKOUT_STEPS: readonly CheckoutStep[] = [...FORWARD_STEPS, ...COMPENSATION_STEPS];

/** `CheckoutSaga.step` once the saga has nothing left to run. */
export const SAGA_DONE = 'DONE';

/** The compensation that always ends a compensating saga. */
export const FINAL_COMPENSATION: CompensationStep = 'CANCEL_ORDER';

export interface ForwardStepDefinition {
  /** What undoes this step; null when nothing needs undoing (CONFIRM_ORDER is the saga's last step). */
  compensation: CompensationStep | null;
  /** Local steps only change the orders database; the others call another subgraph. */
  local: boolean;
}

export const CHECKOUT_STEP_TABLE: Readonly<Record<ForwardStep, ForwardStepDefinition>> = {
  RESERVE_STOCK: { compensation: 'RELEASE_STOCK', local: false },
  AUTHORIZE_PAYMENT: { compensation: 'REVERSE_PAYMENT', local: false },
  CAPTURE_PAYMENT: { compensation: 'REVERSE_PAYMENT', local: false },
  COMMIT_STOCK: { compensation: 'RELEASE_STOCK', local: false },
  CONFIRM_ORDER: { compensation: null, local: true },
};

export const COMPENSATION_STEP_TABLE: Readonly<Record<CompensationStep, { local: boolean }>> = {
  RELEASE_STOCK: { local: false },
  REVERSE_PAYMENT: { local: false },
  CANCEL_ORDER: { local: true },
};

export function isForwardStep(step: string): step is ForwardStep {
  return (FORWARD_STEPS as readonly string[]).includes(step);
}

export function isCompensationStep(step: string): step is CompensationStep {
  return (COMPENSATION_STEPS as readonly string[]).includes(step);
}

/** The forward step after `step`, or DONE after the last. */
export function nextForwardStep(step: ForwardStep): ForwardStep | typeof SAGA_DONE {
  return FORWARD_STEPS[FORWARD_STEPS.indexOf(step) + 1] ?? SAGA_DONE;
}

/**
 * The compensations to run, in order, for a saga whose `completedSteps` are given. Forward steps always
 * complete in order, so the step that was in flight when compensation began is the one after the completed
 * ones; it may have half-happened (its remote call succeeded, the transition did not), so it is compensated
 * too: remote compensations are idempotent and cope with "nothing to undo". Ends with CANCEL_ORDER.
 */
export function compensationPlan(completedSteps: readonly string[]): CompensationStep[] {
  const touched = FORWARD_STEPS.slice(0, Math.min(completedSteps.length + 1, FORWARD_STEPS.length));
  const plan: CompensationStep[] = [];
  for (const step of [...touched].reverse()) {
    const compensation = CHECKOUT_STEP_TABLE[step].compensation;
    if (compensation && !plan.includes(compensation)) plan.push(compensation);
  }
  plan.push(FINAL_COMPENSATION);
  return plan;
}

/** The compensation after `step` in the plan of `completedSteps`, or DONE after CANCEL_ORDER. */
export function nextCompensationStep(
  completedSteps: readonly string[],
  step: CompensationStep,
): CompensationStep | typeof SAGA_DONE {
  const plan = compensationPlan(completedSteps);
  const index = plan.indexOf(step);
  return index < 0 ? FINAL_COMPENSATION : (plan[index + 1] ?? SAGA_DONE);
}
