import { Logger } from '@nestjs/common';
import { runWithLogFields } from './log-context';
import { ServiceLogger, type LogRecord } from './service-logger';

function capture(options: Partial<ConstructorParameters<typeof ServiceLogger>[0]> = {}) {
  const lines: string[] = [];
  const logger = new ServiceLogger({ service: 'orders', format: 'json', level: 'info', write: (line) => lines.push(line), ...options });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as LogRecord) };
}

describe(ServiceLogger.name, () => {
  it('writes one JSON object a line with the service, level, context and message', () => {
    const { logger, records } = capture();
    logger.log('outbox drained', 'OutboxRelay');
    expect(records()).toEqual([
      expect.objectContaining({ service: 'orders', level: 'info', context: 'OutboxRelay', msg: 'outbox drained' }),
    ]);
    expect(Date.parse(records()[0]!.time)).not.toBeNaN();
  });

  it('adds the request id, order id and saga step of the work being done', () => {
    const { logger, records } = capture();
    runWithLogFields({ requestId: 'req-1' }, () =>
      runWithLogFields({ orderId: 'order-7', step: 'RESERVE_STOCK' }, () => logger.warn('stock is low', 'Saga')),
    );
    expect(records()[0]).toMatchObject({ level: 'warn', requestId: 'req-1', orderId: 'order-7', step: 'RESERVE_STOCK' });
  });

  it('keeps the stack of an error, given as Nest gives it or as an Error', () => {
    const { logger, records } = capture();
    logger.error('failed', 'Error: failed\n    at here', 'Saga');
    logger.error(new Error('broken'), undefined, 'Saga');
    expect(records()[0]).toMatchObject({ level: 'error', context: 'Saga', msg: 'failed', stack: 'Error: failed\n    at here' });
    expect(records()[1]).toMatchObject({ msg: 'broken', context: 'Saga' });
    expect(records()[1]!.stack).toContain('Error: broken');
  });

  it("writes Nest's start-up chatter at debug level only", () => {
    const { logger, lines } = capture();
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/graphql, POST} route', 'RouterExplorer');
    expect(lines).toEqual([]);
    const verbose = capture({ level: 'debug' });
    verbose.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(verbose.records()[0]).toMatchObject({ level: 'debug', context: 'InstanceLoader' });
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.log('routine');
    logger.debug('detail');
    logger.warn('attention');
    expect(lines).toHaveLength(1);
  });

  it('redacts tokens, keys and passwords that slipped into a message', () => {
    const { logger, lines } = capture();
    logger.log('called with Authorization: Bearer abc.def-ghi and {"password":"hunter22"} token tok_visa key sk_live_123');
    logger.log('header eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl seen');
    const text = lines.join('\n');
    for (const secret of ['abc.def-ghi', 'hunter22', 'tok_visa', 'sk_live_123', 'eyJhbGciOiJFUzI1NiJ9']) expect(text).not.toContain(secret);
    expect(text).toContain('Bearer [redacted]');
  });

  it('writes readable lines in pretty format, without colour codes unless asked', () => {
    const plain = capture({ format: 'pretty' });
    runWithLogFields({ orderId: 'order-7' }, () => plain.logger.log('confirmed', 'Saga'));
    expect(plain.lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  orders \[Saga\] confirmed orderId=order-7$/);
    expect(plain.lines[0]).not.toContain('\x1b[');
    const coloured = capture({ format: 'pretty', colours: true });
    coloured.logger.log('confirmed');
    expect(coloured.lines[0]).toContain('\x1b[32mINFO ');
  });

  it("serves as Nest's logger, for every `new Logger(context)`", () => {
    const { logger, records } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('CheckoutWorkers').error('RESERVE_STOCK worker: connection lost');
    } finally {
      Logger.overrideLogger(true);
    }
    expect(records()[0]).toMatchObject({ level: 'error', context: 'CheckoutWorkers', msg: 'RESERVE_STOCK worker: connection lost' });
    expect(records()[0]).not.toHaveProperty('stack');
  });
});
