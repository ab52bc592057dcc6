import { inspect } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { currentLogFields } from './log-context';
import { redactSecrets } from './log-redaction';
import { stdoutLines } from './stdout-lines';
import { LOG_LEVELS, type LogLevel, type LoggingConfig } from './logging-config';

/** Nest's own start-up chatter (modules, routes): written at debug level, so a start says one line per process. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'GraphQLModule']);

const COLOURS: Record<LogLevel, string> = { error: '\x1b[31m', warn: '\x1b[33m', info: '\x1b[32m', debug: '\x1b[90m' };
const RESET = '\x1b[0m';

/** One log line, as written. */
export interface LogRecord {
  time: string;
  level: LogLevel;
  service: string;
  context?: string;
  msg: string;
  requestId?: string;
  traceId?: string;
  spanId?: string;
  orderId?: string;
  step?: string;
  stack?: string;
}

export interface ServiceLoggerOptions extends LoggingConfig {
  service: string;
  /** Whether colours may be used (`pretty` on a terminal). */
  colours?: boolean;
  write?: (line: string) => void;
}

/**
 * The one logger of every process (installed as Nest's logger by `startTelemetry`): JSON lines or readable
 * lines, each with the service, the level, and the request id, trace id, order id and saga step of the work
 * it belongs to, and secrets redacted.
 */
export class ServiceLogger implements LoggerService {
  private readonly threshold: number;
  private readonly write: (line: string) => void;

  constructor(private readonly options: ServiceLoggerOptions) {
    this.threshold = LOG_LEVELS.indexOf(options.level);
    this.write = options.write ?? stdoutLines();
  }

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.emit(context && START_UP_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }

  error(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    const stack = params.find((param): param is string => typeof param === 'string');
    this.emit('error', message, context, stack);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.error(message, ...params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, contextOf(params));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, contextOf(params));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, contextOf(params));
  }

  /** Whether a line of this level would be written. */
  isEnabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= this.threshold;
  }

  private emit(level: LogLevel, message: unknown, context?: string, stack?: string): void {
    if (!this.isEnabled(level)) return;
    const record = this.record(level, message, context, stack);
    const line = this.options.format === 'json' ? JSON.stringify(record) : this.pretty(record);
    this.write(line);
  }

  private record(level: LogLevel, message: unknown, context?: string, stack?: string): LogRecord {
    const spanContext = trace.getActiveSpan()?.spanContext();
    const { requestId, orderId, step } = currentLogFields();
    const error = message instanceof Error ? message : undefined;
    return dropUndefined({
      time: new Date().toISOString(),
      level,
      service: this.options.service,
      context,
      msg: redactSecrets(error ? error.message : typeof message === 'string' ? message : inspect(message, { breakLength: Infinity })),
      requestId,
      traceId: spanContext?.traceId,
      spanId: spanContext?.spanId,
      orderId,
      step,
      stack: stack || error?.stack ? redactSecrets((stack ?? error?.stack)!) : undefined,
    });
  }

  private pretty(record: LogRecord): string {
    const { time, level, service, context, msg, stack, ...fields } = record;
    const levelText = level.toUpperCase().padEnd(5);
    const coloured = this.options.colours ? `${COLOURS[level]}${levelText}${RESET}` : levelText;
    const extra = Object.entries(fields)
      .filter(([key]) => key !== 'spanId')
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');
    return [time.slice(11, 23), coloured, service, context ? `[${context}]` : '', msg, extra, stack ? `\n${stack}` : '']
      .filter(Boolean)
      .join(' ');
  }
}

/** Nest passes a logger's context as the last string parameter. */
function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  if (typeof last !== 'string') return undefined;
  params.pop();
  return last;
}

function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
