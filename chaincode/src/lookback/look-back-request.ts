// A look-back request: someone who may not open a look-back on a donor themselves (an inspector, another station, the
// factory for a donor it never received plasma from) asks for one; the regulator or a station that collected from the
// donor confirms it, which opens the case, or declines it with a reason. Nobody else can interdict a station's bags.
import type { Context } from 'fabric-contract-api';
import { DONOR_PSEUDONYM_RULE } from '../donation/donation';
import { NotFoundError } from '../errors';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readState, writeState } from '../ledger/state';
import { JURISDICTION_RULE } from '../rules/jurisdiction';
import { ISO_INSTANT_RULE } from '../time';
import { ANY_RULE, IDENTIFIER_RULE, OBJECT_RULE, oneOf, readObject, withoutUndefined } from '../validation';

export const REQUEST_STATUSES = ['requested', 'confirmed', 'declined'] as const;

/** A look-back window as asked for: any of `from` and `to` (instants) and `jurisdiction`; the rules fill in the rest. */
export interface WindowRequest {
  readonly from?: string;
  readonly to?: string;
  readonly jurisdiction?: string;
}

export const WINDOW_REQUEST_FIELDS = ['from', 'to', 'jurisdiction'];

/** Reads a window as a caller gives it (OpenLookBack, RequestLookBack) or a request keeps it; errors name `name.field`. */
export function readWindowRequest(value: unknown, name = 'window'): WindowRequest {
  const f = readObject(value, name, WINDOW_REQUEST_FIELDS);
  return withoutUndefined({
    from: f.optional('from', ISO_INSTANT_RULE),
    to: f.optional('to', ISO_INSTANT_RULE),
    jurisdiction: f.optional('jurisdiction', JURISDICTION_RULE),
  });
}

export interface LookBackRequest {
  readonly requestId: string;
  readonly donorPseudonym: string;
  readonly reason: string;
  /** The window as asked for, applied as OpenLookBack applies one when confirmed. */
  readonly window: WindowRequest;
  readonly status: (typeof REQUEST_STATUSES)[number];
  readonly requestedAt: string;
  /** The case a confirmation opened. */
  readonly caseId?: string;
  /** Why it was declined. */
  readonly declineReason?: string;
  readonly lastChange: ChangeStamp;
}

export const LOOK_BACK_REQUEST_FIELDS = [
  'requestId',
  'donorPseudonym',
  'reason',
  'window',
  'status',
  'requestedAt',
  'caseId',
  'declineReason',
  'lastChange',
] as const satisfies readonly (keyof LookBackRequest)[];

export function newLookBackRequest(value: unknown): LookBackRequest {
  const f = readObject(value, 'lookBackRequest', LOOK_BACK_REQUEST_FIELDS);
  return withoutUndefined({
    requestId: f.required('requestId', IDENTIFIER_RULE),
    donorPseudonym: f.required('donorPseudonym', DONOR_PSEUDONYM_RULE),
    reason: f.required('reason', REASON_RULE),
    window: readWindowRequest(f.required('window', OBJECT_RULE), f.path('window')),
    status: f.required('status', oneOf(REQUEST_STATUSES)),
    requestedAt: f.required('requestedAt', ISO_INSTANT_RULE),
    caseId: f.optional('caseId', IDENTIFIER_RULE),
    declineReason: f.optional('declineReason', REASON_RULE),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
}

export const lookBackRequestKey = (ctx: Context, requestId: string): string => compositeKey(ctx, 'look-back-request', [requestId]);

export async function getLookBackRequest(ctx: Context, requestId: string): Promise<LookBackRequest> {
  const state = await readState(ctx, lookBackRequestKey(ctx, requestId));
  if (state === undefined) throw new NotFoundError(`look-back request ${requestId} is not recorded`);
  return newLookBackRequest(state);
}

export const putLookBackRequest = (ctx: Context, request: LookBackRequest): Promise<void> =>
  writeState(ctx, lookBackRequestKey(ctx, request.requestId), request);
