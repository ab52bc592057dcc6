import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process the bench launched, by the name its tables use. */
export interface BenchProcess {
  pid: number;
  name: string;
}

/** CPU time (user + system, ms) each process has used since it started, by pid. */
export type CpuSample = Map<number, number>;

/**
 * utime + stime, in clock ticks, from the text of /proc/<pid>/stat. The command name (field 2) is in
 * parentheses and may itself hold spaces and parentheses, so fields are counted from the last ')'.
 */
export function cpuTicksFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return ticks;
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ, `getconf CLK_TCK`; 100 on Linux). */
function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Reads each process's CPU time now; a process that has ended is left out. */
export function sampleCpu(processes: BenchProcess[]): CpuSample {
  const msPerTick = 1000 / clockTicksPerSecond();
  const sample: CpuSample = new Map();
  for (const { pid } of processes) {
    try {
      sample.set(pid, cpuTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) * msPerTick);
    } catch {
      // ended
    }
  }
  return sample;
}

/** CPU ms each named process used between two samples (processes sharing a name are added up). */
export function cpuDeltaMs(before: CpuSample, after: CpuSample, processes: BenchProcess[]): Map<string, number> {
  const delta = new Map<string, number>();
  for (const { pid, name } of processes) {
    const start = before.get(pid);
    const end = after.get(pid);
    if (start === undefined || end === undefined) continue;
    delta.set(name, (delta.get(name) ?? 0) + (end - start));
  }
  return delta;
}

/** Starts measuring `processes`; the returned function gives the CPU ms each used since. */
export function startCpuMeasure(processes: BenchProcess[]): () => Map<string, number> {
  const before = sampleCpu(processes);
  return () => cpuDeltaMs(before, sampleCpu(processes), processes);
}
