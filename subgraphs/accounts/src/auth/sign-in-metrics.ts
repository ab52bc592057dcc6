import { Counter } from 'prom-client';
import { metricsRegistry } from '@retail/common';

/** Sign-ins with a wrong password or an unknown email. */
export const failedSignIns = new Counter({
  name: 'accounts_sign_in_failures_total',
  help: 'Sign-ins refused for a wrong password or an unknown email',
  registers: [metricsRegistry],
});

/** Sign-ins refused with TOO_MANY_REQUESTS, by the limit that was reached (account, ip). */
export const throttledSignIns = new Counter({
  name: 'accounts_sign_ins_throttled_total',
  help: 'Sign-ins refused with TOO_MANY_REQUESTS, by the limit reached (account, ip)',
  labelNames: ['limit'],
  registers: [metricsRegistry],
});
