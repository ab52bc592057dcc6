import { lostTests, parseResults, summary } from './run-audit';

const results = (text: string) => parseResults(`${text}\n\n---\nTotal: 0\nPassed: 0\nFailed: 0`);

describe('federation gateway audit results', () => {
  const stock = results('abstract-types\n...\nnested-provides\n..\nkeys-mashup\nX');

  it('reads results.txt: a suite id, then a dot per passed and an X per failed test', () => {
    expect([...stock]).toEqual([
      ['abstract-types', '...'],
      ['nested-provides', '..'],
      ['keys-mashup', 'X'],
    ]);
    expect(summary(stock)).toBe('5 of 6 passed');
  });

  it('lists the tests the baseline passes and the candidate does not, also when a suite is missing', () => {
    const retail = results('abstract-types\n.X.\nkeys-mashup\n.');
    expect(lostTests(stock, retail)).toEqual(['abstract-types #2', 'nested-provides #1', 'nested-provides #2']);
    expect(lostTests(stock, stock)).toEqual([]);
  });
});
