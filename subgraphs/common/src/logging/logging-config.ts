import type { EnvReader } from '../config/env-reader';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

export interface LoggingConfig {
  /** `json`: one JSON object a line, for log collectors; `pretty`: one readable line, for a terminal. */
  format: LogFormat;
  /** The least severe level written. */
  level: LogLevel;
}

/** LOG_FORMAT (json in production, else pretty) and LOG_LEVEL (info). */
export function readLoggingConfig(reader: EnvReader, nodeEnv: string | undefined): LoggingConfig {
  return {
    format: reader.oneOf<LogFormat>('LOG_FORMAT', ['json', 'pretty'], nodeEnv === 'production' ? 'json' : 'pretty'),
    level: reader.oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
