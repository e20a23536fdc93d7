// Base of every contract: each call's timestamp is checked against the endorsing peer's clock, and the caller
// against the role matrix, before its transaction function runs; a call carrying a client request id runs once.
import { Contract, type Context } from 'fabric-contract-api';
import { recordRunningTransaction, transactionName } from '../ledger/running-transaction';
import { answerOnce } from './client-request';
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

  // fabric-contract-api declares this as answering nothing, but hands on whatever it answers as the transaction's answer.
  override async aroundTransaction(...call: Parameters<Contract['aroundTransaction']>): Promise<void> {
    const [ctx] = call;
    return (await answerOnce(ctx, transactionName(ctx), () => super.aroundTransaction(...call))) as undefined;
  }
}
