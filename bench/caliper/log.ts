// What the Caliper bench reads from Caliper's log as it runs, line by line: the first round's start and end (between
// which the CPU is read) and each failed transaction's reason, keyed as every bench keys failures (lib/measure.ts).
import { reasonKey } from '../lib/measure';

/** A log line without Caliper's ANSI colours. */
export const plainLine = (line: string): string => line.replace(/\x1b\[[0-9;]*m/g, '');

export type RoundMark = 'started' | 'finished';

/** Reads Caliper's log lines in order; `end` once the log has ended. */
export class CaliperLog {
  /** Each failed transaction's reason as a count key, in the order they were logged. */
  readonly reasons: string[] = [];
  private failing: string | undefined;

  /** Reads one plain line; tells when round 1 starts or finishes on it. */
  read(plain: string): RoundMark | undefined {
    // "Failed to perform submit transaction [...] using arguments [...], with error: <error>", then for an endorsement
    // a line "Details:" and a line "-  <peer>:<its answer>" per peer: the first answer names the chaincode's refusal.
    if (this.failing !== undefined) {
      if (plain.trim() === 'Details:') return undefined;
      if (/^-\s/.test(plain)) this.failing = `${this.failing}: ${plain.replace(/^-\s+/, '')}`;
      this.settle();
    }
    this.failing = /Failed to perform submit transaction .* with error: (.*)$/.exec(plain)?.[1];
    if (/Started round 1 /.test(plain)) return 'started';
    if (/Finished round 1 /.test(plain)) return 'finished';
    return undefined;
  }

  /** The log has ended: a failure still waiting for its details counts as it is. */
  end(): void {
    this.settle();
  }

  private settle(): void {
    if (this.failing !== undefined) this.reasons.push(reasonKey(this.failing));
    this.failing = undefined;
  }
}
