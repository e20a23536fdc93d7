// The authorised `Contract:Transaction` name of each running transaction, for audit stamps. A leaf: the contract base
// (access/) records it once the caller is authorised; ledger/change.ts reads it to stamp what the transaction writes.
import type { Context } from 'fabric-contract-api';

const running = new WeakMap<Context, string>();

export function recordRunningTransaction(ctx: Context, transaction: string): void {
  running.set(ctx, transaction);
}

/** `Contract:Transaction` of the call this context belongs to, as the role matrix names it. */
export function transactionName(ctx: Context): string {
  const name = running.get(ctx);
  if (name === undefined) {
    throw new Error('transactionName called outside an authorised transaction');
  }
  return name;
}
