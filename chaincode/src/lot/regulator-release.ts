// The regulator's lot release (批签发) kept in a key of its own, created "awaiting" with the lot and owned by the
// regulator: the lot is the factory's record, and the factory and any one other member could otherwise write
// "released" into it; this key changes only with the regulator's peer, and nothing ships unless it says released.
import type { Context } from 'fabric-contract-api';
import { REGULATOR_SIGNER_ROLE } from '../access/roles';
import { jurisdictionOf } from '../consortium/organisation';
import { ownedBy } from '../consortium/ownership';
import { listOrganisations, regulatorIdsEver } from '../consortium/registry';
import { ConflictError } from '../errors';
import { compositeKey } from '../ledger/keys';
import { readState, writeState } from '../ledger/state';
import { isGenuineRecordedSignature, newElectronicSignature, type ElectronicSignature } from '../signatures/electronic-signature';
import { ISO_INSTANT_RULE } from '../time';
import { ANY_RULE, oneOf, readObject, withoutUndefined } from '../validation';
import { LOT_ID_RULE, type Lot } from './lot';
import { regulatorReleaseRecord } from './release';

export interface RegulatorReleaseState {
  readonly lotId: string;
  readonly status: 'awaiting' | 'released';
  readonly releasedAt?: string;
  readonly signature?: ElectronicSignature;
}

function newRegulatorReleaseState(value: unknown): RegulatorReleaseState {
  const f = readObject(value, 'regulatorRelease', ['lotId', 'status', 'releasedAt', 'signature']);
  const signature = f.optional('signature', ANY_RULE);
  return withoutUndefined({
    lotId: f.required('lotId', LOT_ID_RULE),
    status: f.required('status', oneOf(['awaiting', 'released'] as const)),
    releasedAt: f.optional('releasedAt', ISO_INSTANT_RULE),
    signature: signature === undefined ? undefined : newElectronicSignature(signature, f.path('signature')),
  });
}

const regulatorReleaseKey = (ctx: Context, lotId: string): string => compositeKey(ctx, 'lot-regulator-release', [lotId]);

/** The regulator that releases lots of `lot`'s jurisdiction (the first regulator when none names it). */
async function releasingRegulator(ctx: Context, lot: Lot): Promise<string> {
  const regulators = (await listOrganisations(ctx)).filter(({ kind }) => kind === 'regulator');
  // The registry lists members by MSP id (code-unit order), so every peer picks the same one.
  const regulator = regulators.find((candidate) => jurisdictionOf(candidate) === lot.jurisdiction) ?? regulators[0];
  if (regulator === undefined) throw new ConflictError('no regulator is registered in the consortium to release lots');
  return regulator.mspId;
}

/** Creates the lot's regulator-release key, awaiting, owned by the regulator. */
export async function awaitRegulatorRelease(ctx: Context, lot: Lot): Promise<void> {
  const key = regulatorReleaseKey(ctx, lot.lotId);
  await writeState(ctx, key, { lotId: lot.lotId, status: 'awaiting' });
  await ownedBy(ctx, key, await releasingRegulator(ctx, lot));
}

export async function recordRegulatorRelease(ctx: Context, lot: Lot, releasedAt: string, signature: ElectronicSignature): Promise<void> {
  await writeState(
    ctx,
    regulatorReleaseKey(ctx, lot.lotId),
    newRegulatorReleaseState({ lotId: lot.lotId, status: 'released', releasedAt, signature }),
  );
}

/**
 * Whether the regulator released `lot`: its own key says released, with the regulator's genuine signature over the
 * lot's QA release as the ledger holds it. The lot's status alone is the factory's word, and a lot created whole by
 * two colluding members could come with a key that says released; no one but the regulator can make its signature.
 */
export async function releasedByRegulator(ctx: Context, lot: Lot): Promise<boolean> {
  const state = await readState(ctx, regulatorReleaseKey(ctx, lot.lotId));
  if (state === undefined) return false;
  const { status, signature } = newRegulatorReleaseState(state);
  if (status !== 'released' || signature === undefined || lot.qaRelease === undefined) return false;
  return isGenuineRecordedSignature(ctx, signature, regulatorReleaseRecord(lot), {
    meaning: 'regulator-lot-release',
    roles: [REGULATOR_SIGNER_ROLE],
    mspIds: await regulatorIdsEver(ctx),
  });
}
