import { readFileSync } from 'node:fs';

/**
 * Reads environment variables into typed values, collecting every problem instead of stopping at the first,
 * so a misconfigured service fails at start-up with the whole list of bad variables.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /**
   * The value of `name`, or the content of the file named by `<name>_FILE` (trailing newlines dropped): the
   * way Docker and Kubernetes hand secrets to a process without putting them in its environment.
   */
  private raw(name: string): string | undefined {
    const file = this.env[`${name}_FILE`];
    if (file === undefined || file === '') return this.env[name];
    if (this.env[name] !== undefined && this.env[name] !== '') {
      this.problems.push(`${name} and ${name}_FILE are both set; set only one`);
      return this.env[name];
    }
    try {
      return readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
    } catch (error) {
      this.problems.push(`${name}_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return undefined;
    }
  }

  string(name: string, fallback?: string): string {
    const value = this.raw(name);
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  optionalString(name: string): string | undefined {
    const value = this.raw(name);
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, fallback: number, { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.raw(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  port(name: string, fallback: number): number {
    return this.int(name, fallback, { min: 0, max: 65535 });
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  url(name: string, fallback: string, protocols?: string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (protocols && !protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        this.problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      this.problems.push(`${name} must be a URL, got "${value}"`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  /** Records a problem found by a caller's own check of a variable. */
  reject(name: string, reason: string): void {
    this.problems.push(`${name} ${reason}`);
  }

  /** Throws a ConfigError listing every problem seen so far. Call once, after reading everything. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** Reads a config object with `read`, failing with every bad variable at once. */
export function readConfig<T>(read: (env: EnvReader) => T, env: NodeJS.ProcessEnv = process.env): T {
  const reader = new EnvReader(env);
  const config = read(reader);
  reader.done();
  return config;
}
