/**
 * Drives a workload while a database drops its connections, for the tests that show no process dies of it.
 * Bounded by counts, not time: `operations` runs of `operation` on `lanes` concurrent lanes, and `terminate`
 * called after every `terminateEvery` finished runs (while the other lanes are mid-query).
 */
export interface ConnectionDropLoad {
  operation: (index: number) => Promise<unknown>;
  /** Drops the workload's connections on the server; returns how many it dropped. */
  terminate: () => Promise<number>;
  operations: number;
  lanes: number;
  terminateEvery: number;
}

export interface ConnectionDropOutcome {
  succeeded: number;
  /** Runs that failed, by error message (queries in flight on a dropped connection fail). */
  failures: Map<string, number>;
  /** Connections the server dropped. */
  terminated: number;
}

export async function runUnderConnectionDrops(load: ConnectionDropLoad): Promise<ConnectionDropOutcome> {
  const outcome: ConnectionDropOutcome = { succeeded: 0, failures: new Map(), terminated: 0 };
  let next = 0;
  let finished = 0;
  const terminations: Promise<void>[] = [];
  const lane = async () => {
    while (next < load.operations) {
      const index = next++;
      try {
        await load.operation(index);
        outcome.succeeded += 1;
      } catch (error) {
        const message = ((error as Error).message ?? String(error)).replace(/\s+/g, ' ').trim().slice(-120);
        outcome.failures.set(message, (outcome.failures.get(message) ?? 0) + 1);
      }
      finished += 1;
      if (finished % load.terminateEvery === 0) {
        terminations.push(load.terminate().then((count) => void (outcome.terminated += count)));
      }
    }
  };
  await Promise.all(Array.from({ length: load.lanes }, lane));
  await Promise.all(terminations);
  return outcome;
}
