import { setFlagsFromString } from 'node:v8';

/**
 * The V8 options every process of the system runs with, in NODE_OPTIONS: the launcher adds them to its
 * children's environment, the Dockerfile's runtime stage sets the same string (a test keeps them equal), and
 * compose and Kubernetes inherit it from the images. Measured in README "Memory".
 *
 * - `--max-semi-space-size=4`: V8's young generation grows to 2 × 16 MiB under load by default, resident for
 *   good; 2 × 4 MiB costs a few more scavenges, which stay cheap because most objects of a request die young.
 * - `--max-old-space-size=256`: the heap limit; with a small limit V8 also grows the heap in smaller steps past
 *   the live data, so a process holds less garbage between collections. The busiest process (the gateway) keeps
 *   about 80 MiB of live heap, so the limit leaves room for bursts.
 */
export const NODE_OPTIONS = '--max-semi-space-size=4 --max-old-space-size=256';

/**
 * The environment every process of the system starts with, set where NODE_OPTIONS is (launcher, Dockerfile).
 * `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates (V8's GC and compiler threads, libuv's pool) a
 * malloc arena of its own, up to 8 per core, and memory freed in one stays resident there; two arenas saved
 * 6-11 MiB per process in the memory runs, at no visible CPU cost (JavaScript objects live in V8's heap).
 */
export const RUNTIME_ENVIRONMENT: Readonly<Record<string, string>> = { NODE_OPTIONS, MALLOC_ARENA_MAX: '2' };

/**
 * Node's own arguments for a process the launcher or the chaos suite starts. Source maps only in development,
 * where a person reads the stack traces: with `--enable-source-maps` every module that names a map (ours and
 * many under node_modules) has it read and kept, 5-6 MiB more per process after a load, and a stack trace
 * costs far more to format. The images run without them, and so do the tests and the bench.
 */
export function nodeArguments(env: NodeJS.ProcessEnv): string[] {
  return env.NODE_ENV === 'development' ? ['--enable-source-maps'] : [];
}

/**
 * V8 flags Node refuses in NODE_OPTIONS, set by the first import of every entry file (`startTelemetry`), before
 * any WebAssembly is compiled.
 *
 * - `--liftoff-only`: Prisma's query compiler is a WebAssembly module (1.7 MiB); by default V8 compiles its hot
 *   functions a second time with TurboFan, which kept about 50 MiB of machine code per process. The compiler
 *   runs once per query shape (Prisma caches the plans), so the baseline code costs no measurable CPU.
 */
export function applyRuntimeV8Flags(): void {
  setFlagsFromString('--liftoff-only');
}
