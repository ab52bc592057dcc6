import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

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
 * the caller gets the answer. A restarted simulator replays it, so an authorization is never forgotten and a
 * retry with a known idempotency key gets the first answer again.
 *
 * A crash can leave half a line at the end; its request was never answered (the fsync had not returned), so
 * reading drops it and cuts the file back to the last whole line.
 */
export class PaymentLedger {
  private readonly entries: LedgerEntry[] = [];
  private fd?: number;

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

  /** Appends an entry and makes it durable before returning. */
  append(entry: Omit<LedgerEntry, 'sequence' | 'at'>): LedgerEntry {
    const full: LedgerEntry = { sequence: this.entries.length + 1, at: new Date().toISOString(), ...entry };
    if (this.fd !== undefined) {
      writeSync(this.fd, `${JSON.stringify(full)}\n`);
      fsyncSync(this.fd);
    }
    this.entries.push(full);
    return full;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
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
