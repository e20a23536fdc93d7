// Base of every contract: each call passes the role matrix before its transaction function runs.
import { Contract, type Context } from 'fabric-contract-api';
import { authorise } from './roles';

export abstract class AuthorisedContract extends Contract {
  override async beforeTransaction(ctx: Context): Promise<void> {
    // fabric-contract-api takes everything after the first ":" as the function name.
    const { fcn } = ctx.stub.getFunctionAndParameters();
    await authorise(ctx, `${this.getName()}:${fcn.slice(fcn.indexOf(':') + 1)}`);
  }
}
