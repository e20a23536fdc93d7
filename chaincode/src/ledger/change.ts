// The audit stamp every state object carries: who changed it, in which transaction, when and why.
// With the key's history (old and new versions) it makes the audit trail: who, what, when, old, new, reason.
import type { Context } from 'fabric-contract-api';
import { transactionName } from './running-transaction';
import { callerCommonName, callerMspId, callerRole } from '../access/identity';
import { ISO_INSTANT_RULE, transactionTime } from '../time';
import { matching, OBJECT_RULE, readObject, text } from '../validation';

export interface Actor {
  readonly mspId: string;
  readonly name: string;
  readonly role: string;
}

export interface ChangeStamp {
  readonly txId: string;
  readonly at: string;
  readonly by: Actor;
  /** `Contract:Transaction` that made the change. */
  readonly transaction: string;
  readonly reason?: string;
}

export const REASON_RULE = text(512);
export const CHANGE_STAMP_FIELDS = ['txId', 'at', 'by', 'transaction', 'reason'];
export const ACTOR_FIELDS = ['mspId', 'name', 'role'];
/** A caller's `{ reason }`: why a hold is placed, lifted or resolved, why a lot is recalled. */
export const REASON_INPUT_FIELDS = ['reason'];
const TRANSACTION_RULE = matching(/^[A-Za-z]+:[A-Za-z]+$/, 'must be Contract:Transaction');
const ROLE_RULE = matching(/^[a-z-]{0,32}$/, 'must be a role name');
const NAME_RULE = text(256);

export function callerActor(ctx: Context): Actor {
  return { mspId: callerMspId(ctx), name: callerCommonName(ctx), role: callerRole(ctx) };
}

/** The stamp of the running transaction; `reason` when the caller gave one. */
export function changeStamp(ctx: Context, reason?: string): ChangeStamp {
  const stamp = { txId: ctx.stub.getTxID(), at: transactionTime(ctx), by: callerActor(ctx), transaction: transactionName(ctx) };
  return reason === undefined ? stamp : { ...stamp, reason };
}

/** Reads who made a change, as a stamp or a record keeps it. */
export function newActor(value: unknown, name: string): Actor {
  const by = readObject(value, name, ACTOR_FIELDS);
  return { mspId: by.required('mspId', NAME_RULE), name: by.required('name', NAME_RULE), role: by.required('role', ROLE_RULE) };
}

export function newChangeStamp(value: unknown, name = 'lastChange'): ChangeStamp {
  const fields = readObject(value, name, CHANGE_STAMP_FIELDS);
  const reason = fields.optional('reason', REASON_RULE);
  const stamp: ChangeStamp = {
    txId: fields.required('txId', NAME_RULE),
    at: fields.required('at', ISO_INSTANT_RULE),
    by: newActor(fields.required('by', OBJECT_RULE), `${name}.by`),
    transaction: fields.required('transaction', TRANSACTION_RULE),
  };
  return reason === undefined ? stamp : { ...stamp, reason };
}
