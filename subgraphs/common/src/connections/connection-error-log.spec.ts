import { Logger } from '@nestjs/common';
import { connectionErrorLog } from './connection-error-log';

describe(connectionErrorLog.name, () => {
  let warn: jest.SpyInstance;
  let now: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    now = jest.spyOn(Date, 'now').mockReturnValue(10_000);
  });

  afterEach(() => {
    warn.mockRestore();
    now.mockRestore();
  });

  it('logs a dropped connection as a warning, saying what happens next', () => {
    connectionErrorLog('Database', 'Connection to db lost', 'the pool opens a new one')(new Error('terminating connection'));
    expect(warn).toHaveBeenCalledWith('Connection to db lost: terminating connection; the pool opens a new one');
  });

  it('writes one line per second and counts the drops in between', () => {
    const log = connectionErrorLog('Redis', 'Redis', 'reconnecting');
    log(new Error('ECONNREFUSED'));
    log(new Error('ECONNREFUSED'));
    log(new Error('ECONNREFUSED'));
    expect(warn).toHaveBeenCalledTimes(1);

    now.mockReturnValue(11_000);
    log(new Error('ECONNREFUSED'));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenLastCalledWith('Redis: ECONNREFUSED (and 2 more since the last report); reconnecting');
  });
});
