import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUNTIME_ENVIRONMENT } from '@retail/common';
import { Supervisor } from './supervisor';

describe(Supervisor.name, () => {
  let dir: string;
  let script: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
    script = join(dir, 'print-environment.js');
    writeFileSync(
      script,
      "const v8 = require('node:v8');\n" +
        "console.log(JSON.stringify({ NODE_OPTIONS: process.env.NODE_OPTIONS, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX, heapLimitMiB: v8.getHeapStatistics().heap_size_limit / 1048576, execArgv: process.execArgv }));\n",
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function childEnvironment(env: NodeJS.ProcessEnv): Promise<{ NODE_OPTIONS: string; MALLOC_ARENA_MAX: string; heapLimitMiB: number; execArgv: string[] }> {
    const lines: string[] = [];
    await new Supervisor({ env, log: (line) => lines.push(line) }).run({ name: 'child', script });
    return JSON.parse(lines.find((line) => line.includes('{'))!.replace(/^\S+ /, ''));
  }

  it('starts its children with the system runtime environment, as the images do', async () => {
    const child = await childEnvironment({ PATH: process.env.PATH });
    expect(child.NODE_OPTIONS).toBe(RUNTIME_ENVIRONMENT.NODE_OPTIONS);
    expect(child.MALLOC_ARENA_MAX).toBe(RUNTIME_ENVIRONMENT.MALLOC_ARENA_MAX);
    // V8 adds the young generation to the old-space limit.
    expect(child.heapLimitMiB).toBeGreaterThanOrEqual(256);
    expect(child.heapLimitMiB).toBeLessThan(300);
  });

  it("puts the caller's NODE_OPTIONS after the system's, so the caller's options win", async () => {
    const child = await childEnvironment({ PATH: process.env.PATH, NODE_OPTIONS: '--max-old-space-size=512', MALLOC_ARENA_MAX: '4' });
    expect(child.NODE_OPTIONS).toBe(`${RUNTIME_ENVIRONMENT.NODE_OPTIONS} --max-old-space-size=512`);
    expect(child.MALLOC_ARENA_MAX).toBe('4');
    expect(child.heapLimitMiB).toBeGreaterThanOrEqual(512);
  });

  it('turns source maps on in development only, where a person reads the stack traces', async () => {
    expect((await childEnvironment({ PATH: process.env.PATH, NODE_ENV: 'development' })).execArgv).toEqual(['--enable-source-maps']);
    expect((await childEnvironment({ PATH: process.env.PATH, NODE_ENV: 'test' })).execArgv).toEqual([]);
    expect((await childEnvironment({ PATH: process.env.PATH, NODE_ENV: 'production' })).execArgv).toEqual([]);
  });
});
