import { cpuDeltaMs, cpuTicksFromStat } from './process-cpu';

describe('cpuTicksFromStat', () => {
  it('adds utime and stime (fields 14 and 15)', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 5237 0 0 0 730 125 0 0 20 0 11 0 2718 1138012160 60000 18446744073709551615';
    expect(cpuTicksFromStat(stat)).toBe(855);
  });

  it('counts fields from the last parenthesis, whatever the command name holds', () => {
    const stat = '77 (we ird) (name) R 1 77 77 0 -1 4194560 10 0 0 0 40 2 0 0 20 0 1 0 100 0 0';
    expect(cpuTicksFromStat(stat)).toBe(42);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => cpuTicksFromStat('nonsense')).toThrow(/not a \/proc/);
  });
});

describe('cpuDeltaMs', () => {
  it('gives each name the CPU its processes used between the samples', () => {
    const processes = [
      { pid: 1, name: 'gateway' },
      { pid: 2, name: 'catalog' },
      { pid: 3, name: 'catalog' },
      { pid: 4, name: 'ended' },
    ];
    const before = new Map([[1, 1_000], [2, 50], [3, 70], [4, 5]]);
    const after = new Map([[1, 1_250], [2, 80], [3, 100]]);
    expect(cpuDeltaMs(before, after, processes)).toEqual(new Map([['gateway', 250], ['catalog', 60]]));
  });
});
