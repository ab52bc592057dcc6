import { formatDuration } from './checkout-reconciler';

describe('formatDuration', () => {
  it('says the expiry deadline in the largest whole unit', () => {
    expect(formatDuration(900_000)).toBe('15 minutes');
    expect(formatDuration(60_000)).toBe('1 minute');
    expect(formatDuration(3_600_000)).toBe('1 hour');
    expect(formatDuration(7_200_000)).toBe('2 hours');
    expect(formatDuration(90_000)).toBe('90 seconds');
    expect(formatDuration(1_000)).toBe('1 second');
  });
});
