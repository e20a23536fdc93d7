// Base of every contract: each call's timestamp is checked against the endorsing peer's clock, and the caller
// against the role matrix, before its transaction function runs.
import { Contract, type Context } from 'fabric-contract-api';
import { recordRunningTransaction } from '../ledger/running-transaction';
import { assertTimestampTrusted } from './endorsement-time';
import { authorise } from './authorise';

export abstract class AuthorisedContract extends Contract {
  override async beforeTransaction(ctx: Context): Promise<void> {
    // fabric-contract-api takes everything after the first ":" as the function name.
    const { fcn } = ctx.stub.getFunctionAndParameters();
    const transaction = `${this.getName()}:${fcn.slice(fcn.indexOf(':') + 1)}`;
    await assertTimestampTrusted(ctx);
    await authorise(ctx, transaction);
    recordRunningTransaction(ctx, transaction);
  }
}
