import type { StageSummary } from './ramp-stats';
import { CHECKOUT_PROCESSES, fixedCostsTable, markdownTable, memoryTable, ms, rampTable } from './report';

function stage(overrides: Partial<StageSummary>): StageSummary {
  return {
    offeredPerSecond: 10,
    placed: 150,
    placeErrors: 0,
    confirmed: 140,
    cancelled: 7,
    open: 3,
    confirmedPerSecond: 9.96,
    backlogMid: 4,
    backlogEnd: 3,
    p50Ms: 412.4,
    p99Ms: 1234.6,
    cpuMsPerOrder: new Map(CHECKOUT_PROCESSES.map((name, i) => [name, i + 0.5])),
    cpuPercentOfCore: 61.4,
    ...overrides,
  };
}

const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.trim());

describe('markdownTable', () => {
  it('writes a header, its rule and one line per row', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});

describe('ms', () => {
  it('keeps one decimal below 100 ms, none above, and a dash for nothing', () => {
    expect([ms(7.26), ms(1234.6), ms(undefined)]).toEqual(['7.3', '1235', '–']);
  });
});

describe('rampTable', () => {
  it('writes one row per stage, then the whole ramp, with the backlog trend and CPU per process', () => {
    const overloaded = stage({ offeredPerSecond: 50, placed: 748, placeErrors: 2, backlogMid: 100, backlogEnd: 400 });
    const whole = stage({ placed: 898, confirmed: 853, cancelled: 45, open: 0 });
    const lines = rampTable([stage({}), overloaded], whole).split('\n');

    expect(lines).toHaveLength(5);
    expect(cells(lines[0]!)).toHaveLength(8 + CHECKOUT_PROCESSES.length);
    expect(cells(lines[2]!)).toEqual(['10', '150', '140 / 7 / 3', '10.0', '3 (-1)', '412', '1235', '61', '0.5', '1.5', '2.5', '3.5', '4.5', '5.5', '6.5']);
    expect(cells(lines[3]!).slice(0, 5)).toEqual(['50', '748 (2 failed)', '140 / 7 / 3', '10.0', '400 (+300) ↑']);
    expect(cells(lines[4]!).slice(0, 5)).toEqual(['whole ramp + drain', '898', '853 / 45 / 0', '10.0', '0']);
  });
});

describe(memoryTable.name, () => {
  it('has a row per moment and a column per process, with a dash for one that had ended', () => {
    const table = memoryTable([
      { when: 'end of the drain', resident: [{ name: 'gateway', rssMiB: 140 }, { name: 'orders', rssMiB: 152 }] },
      { when: 'after 60 s idle', resident: [{ name: 'gateway', rssMiB: 113 }] },
    ]);
    expect(table.split('\n')).toEqual([
      '|  | gateway | orders |',
      '| --- | --- | --- |',
      '| end of the drain | 140 MiB | 152 MiB |',
      '| after 60 s idle | 113 MiB | – |',
    ]);
  });
});

describe(fixedCostsTable.name, () => {
  it('adds up the hops of one order into a floor of CPU per order and the orders per second it allows', () => {
    // 1 × 2 + 5 × 1.5 + 5 × (1 + 0.1) = 15 ms per order: 133 orders/s on 2 cores.
    const text = fixedCostsTable({ gatewayMs: 2, subgraphMs: 1.5, jobNodeMs: 1, jobRedisMs: 0.1 }, 2);
    expect(text).toContain('| subgraph (catalog): `{ __typename }` with a service token | 1.50 | × 5 |');
    expect(text).toContain('15.00 ms of CPU, so at most 133 orders/s on 2 cores');
  });
});
