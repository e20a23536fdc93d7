// Base of every contract: each call's timestamp is checked against the endorsing peer's clock, and the caller
// against the role matrix, before its transaction function runs.
import { Contract, type Context } from 'fabric-contract-api';
import { assertTimestampTrusted } from './endorsement-time';
import { authorise } from './authorise';

// The authorised `Contract:Transaction` name of each running transaction, for audit stamps.
const runningTransactions = new WeakMap<Context, string>();

export abstract class AuthorisedContract extends Contract {
  override async beforeTransaction(ctx: Context): Promise<void> {
    // fabric-contract-api takes everything after the first ":" as the function name.
    const { fcn } = ctx.stub.getFunctionAndParameters();
    const transaction = `${this.getName()}:${fcn.slice(fcn.indexOf(':') + 1)}`;
    await assertTimestampTrusted(ctx);
    await authorise(ctx, transaction);
    runningTransactions.set(ctx, transaction);
  }
}

/** `Contract:Transaction` of the call this context belongs to, as the role matrix names it. */
export function transactionName(ctx: Context): string {
  const name = runningTransactions.get(ctx);
  if (name === undefined) {
    throw new Error('transactionName called outside an authorised transaction');
  }
  return name;
}
