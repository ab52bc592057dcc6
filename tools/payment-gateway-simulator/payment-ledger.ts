import { closeSync, fsync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname } from 'node:path';

const writeFile = promisify(write) as (fd: number, text: string) => Promise<unknown>;
const fsyncFile = promisify(fsync);

/** What the simulator did with one request whose answer it keeps: one line of the ledger. */
export interface LedgerEntry {
  /** 1, 2, 3, ... in the order the simulator answered. */
  sequence: number;
  at: string;
  idempotencyKey: string;
  /** The request's route and canonical body: the same key with another request is refused. */
  fingerprint: string;
  action: LedgerAction;
  /** The payment the request created (authorize) or changed; absent when nothing was created (a decline). */
  paymentId?: string;
  /** The caller's reference of the payment (the order id). */
  reference?: string;
  /** The HTTP answer, repeated to every retry with the same key. */
  response: { status: number; body: unknown };
}

export type LedgerAction = 'authorize' | 'capture' | 'void' | 'refund';

/**
 * The simulator's durable memory, as a real payment provider has one: an append-only file of JSON lines, one
 * per answered request (authorizations, captures, voids, refunds, declines), each written and fsync'd before
 * the caller gets the answer (`durable()`). A restarted simulator replays it, so an authorization is never
 * forgotten and a retry with a known idempotency key gets the first answer again.
 *
 * Writes are group commits: the entries appended while one write and fsync run go out together in the next, so
 * under load the simulator pays one fsync per batch instead of one per request, and never blocks its event
 * loop on the disk.
 *
 * A crash can leave half a line at the end; its request was never answered (the fsync had not returned), so
 * reading drops it and cuts the file back to the last whole line.
 */
export class PaymentLedger {
  private readonly entries: LedgerEntry[] = [];
  private fd?: number;
  /** Lines appended but not yet written. */
  private pending: string[] = [];
  /** Callers of `durable()` waiting for the next batch. */
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private writing = false;

  private constructor(private readonly file: string | undefined) {}

  /** Opens (or creates) the ledger file and reads what it holds. Without a file, the ledger lives in memory. */
  static open(file: string | undefined): PaymentLedger {
    const ledger = new PaymentLedger(file);
    if (file) ledger.load(file);
    return ledger;
  }

  /** Every entry, oldest first. */
  all(): readonly LedgerEntry[] {
    return this.entries;
  }

  /** Appends an entry; it is on disk once a later `durable()` resolves. */
  append(entry: Omit<LedgerEntry, 'sequence' | 'at'>): LedgerEntry {
    const full: LedgerEntry = { sequence: this.entries.length + 1, at: new Date().toISOString(), ...entry };
    if (this.fd !== undefined) this.pending.push(`${JSON.stringify(full)}\n`);
    this.entries.push(full);
    return full;
  }

  /** Resolves once every entry appended so far is written and fsync'd. */
  durable(): Promise<void> {
    if (this.fd === undefined || (this.pending.length === 0 && !this.writing)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.writeBatches());
      }
    });
  }

  /** Writes what is still pending synchronously, then closes the file. */
  close(): void {
    if (this.fd === undefined) return;
    if (this.pending.length > 0) {
      writeSync(this.fd, this.pending.join(''));
      fsyncSync(this.fd);
      this.pending = [];
    }
    closeSync(this.fd);
    this.fd = undefined;
  }

  /** One write and one fsync per batch, until nobody waits; each waiter's entries are in its batch or an earlier one. */
  private async writeBatches(): Promise<void> {
    while (this.waiting.length > 0) {
      const waiters = this.waiting;
      const chunk = this.pending.join('');
      this.waiting = [];
      this.pending = [];
      try {
        if (chunk !== '' && this.fd !== undefined) {
          await writeFile(this.fd, chunk);
          await fsyncFile(this.fd);
        }
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error as Error);
      }
    }
    this.writing = false;
  }

  private load(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'a+');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    // After the last newline: empty, or half a line that a crash interrupted (never answered, never fsync'd).
    const unfinished = lines.pop() ?? '';
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        this.entries.push(JSON.parse(line) as LedgerEntry);
      } catch {
        throw new Error(`${file}:${index + 1} is not a ledger entry; refusing to start on a damaged ledger`);
      }
    });
    if (unfinished !== '') {
      ftruncateSync(this.fd, Buffer.byteLength(text) - Buffer.byteLength(unfinished));
      fsyncSync(this.fd);
    }
  }
}
