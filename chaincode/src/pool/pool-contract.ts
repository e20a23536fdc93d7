// The Pool contract: a pool DIN of the factory, filled with released donations in chunks of up to MAX_BATCH (no
// transaction touches all of a 10,000-donation pool), then closed with count, volume and Merkle root.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerMspId } from '../access/identity';
import { findFacilityOwner, getOrganisation } from '../consortium/registry';
import { jurisdictionOf } from '../consortium/organisation';
import { ownedBy } from '../consortium/ownership';
import { assertCustodian } from '../donation/custody';
import type { Donation } from '../donation/donation';
import { getDonations, putDonation, readDinsJson } from '../donation/donation-store';
import { advance } from '../donation/life-cycle';
import { assertNoStandingFailure } from '../donation/retest';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { normaliseDinKey, parseDin } from '../identifiers/din';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp } from '../ledger/change';
import { emitEvent } from '../ledger/events';
import { MAX_BATCH } from '../ledger/limits';
import { rootOf } from '../ledger/merkle';
import { readState } from '../ledger/state';
import { JURISDICTION_RULE } from '../rules/jurisdiction';
import { getRuleSet } from '../rules/rule-set';
import { transactionTime } from '../time';
import { integerBetween, parseJson, readObject } from '../validation';
import { chunkOfMember, getChunk, membershipProof, writeChunk } from './membership';
import { getPool, MAX_POOL_CHUNKS, MAX_POOL_DONATIONS, newPool, POOL_INPUT_FIELDS, poolKey, putPool, type Pool } from './pool';

function assertOwnOpenPool(ctx: Context, pool: Pool): void {
  if (pool.factory !== callerMspId(ctx)) {
    throw new ForbiddenError(`pool ${pool.poolDin} belongs to ${pool.factory}`);
  }
  if (pool.status !== 'open') {
    throw new ConflictError(`pool ${pool.poolDin} is closed`);
  }
  if (pool.lookBackCaseIds.length > 0) {
    throw new ConflictError(
      `pool ${pool.poolDin} holds a donation interdicted by look-back ${pool.lookBackCaseIds.join(', ')}; it is not used`,
    );
  }
}

@Info({ title: 'Pool', description: 'Plasma pools: chunked filling with released donations, closing with a Merkle root' })
export class PoolContract extends AuthorisedContract {
  constructor() {
    super('Pool');
  }

  /**
   * Opens a pool: `poolJson` is `{ poolDin, jurisdiction? }`, the pool DIN (with its check character) from one of the
   * caller's facilities; the jurisdiction (default: the factory's) whose released donations it takes.
   */
  @Transaction()
  @Returns('string')
  async CreatePool(ctx: Context, poolJson: string): Promise<string> {
    const f = readObject(parseJson(poolJson, 'pool'), 'pool', POOL_INPUT_FIELDS);
    const { din, checkCharacter, facility } = parseDin(f.values.poolDin);
    const factory = await getOrganisation(ctx, callerMspId(ctx));
    if ((await findFacilityOwner(ctx, facility)) !== factory.mspId) {
      throw new ForbiddenError(`the facility ${facility} of pool DIN ${din} is not one of ${factory.mspId}'s`);
    }
    const jurisdiction = f.optional('jurisdiction', JURISDICTION_RULE) ?? jurisdictionOf(factory);
    await getRuleSet(ctx, jurisdiction);
    if ((await readState(ctx, poolKey(ctx, din))) !== undefined) {
      throw new ConflictError(`pool ${din} is already recorded`);
    }
    const now = transactionTime(ctx);
    const pool = newPool({
      poolDin: din,
      checkCharacter,
      facility,
      factory: factory.mspId,
      jurisdiction,
      status: 'open',
      count: 0,
      volumeMl: 0,
      chunkRoots: [],
      createdAt: now,
      lookBackCaseIds: [],
      lastChange: changeStamp(ctx),
    });
    await putPool(ctx, pool);
    await ownedBy(ctx, poolKey(ctx, pool.poolDin), pool.factory);
    emitEvent(ctx, 'PoolCreated', din, pool, [{ type: 'pool', id: din }]);
    return toCanonicalJson(pool);
  }

  /**
   * Adds up to MAX_BATCH released donations (JSON array of DINs) to an open pool as one chunk: each donation becomes
   * pooled, is linked to the pool in both directions, and the chunk's Merkle root joins the pool's.
   * Only donations released under the pool's jurisdiction are pooled.
   */
  @Transaction()
  @Returns('string')
  async AddToPool(ctx: Context, poolDin: string, dinsJson: string): Promise<string> {
    const pool = await getPool(ctx, normaliseDinKey(poolDin));
    const dins = readDinsJson(dinsJson, 'dins', MAX_BATCH);
    assertOwnOpenPool(ctx, pool);
    if (pool.chunkRoots.length >= MAX_POOL_CHUNKS || pool.count + dins.length > MAX_POOL_DONATIONS) {
      throw new ConflictError(`pool ${pool.poolDin} is full: at most ${MAX_POOL_DONATIONS} donations in ${MAX_POOL_CHUNKS} chunks`);
    }
    const donations = await getDonations(ctx, dins);
    for (const donation of donations) await assertNoStandingFailure(ctx, donation, 'pooled');
    const pooled: Donation[] = donations.map((donation) => {
      assertCustodian(ctx, donation, 'pool');
      const next = advance(donation, 'pool', { poolDin: pool.poolDin }, changeStamp(ctx));
      if (donation.release?.jurisdiction !== pool.jurisdiction) {
        throw new ConflictError(
          `donation ${donation.din} was released under ${donation.release?.jurisdiction ?? 'no'} rules; pool ${pool.poolDin} takes ${pool.jurisdiction} plasma only`,
        );
      }
      return next;
    });
    const volumeMl = donations.reduce((sum, { volumeMl: volume }) => sum + volume, 0);
    const chunk = await writeChunk(ctx, pool, dins, volumeMl);
    const filled = newPool({
      ...pool,
      count: pool.count + dins.length,
      volumeMl: pool.volumeMl + volumeMl,
      chunkRoots: [...pool.chunkRoots, chunk.root],
      lastChange: changeStamp(ctx),
    });
    await putPool(ctx, filled);
    for (const donation of pooled) await putDonation(ctx, donation);
    const summary = {
      poolDin: pool.poolDin,
      chunk: chunk.chunk,
      chunkRoot: chunk.root,
      added: dins.length,
      count: filled.count,
      volumeMl: filled.volumeMl,
    };
    emitEvent(ctx, 'DonationsPooled', pool.poolDin, summary, [
      { type: 'pool', id: pool.poolDin },
      ...pooled.map(({ din }) => ({ type: 'donation' as const, id: din })),
    ]);
    return toCanonicalJson(summary);
  }

  /** Closes an open pool: its count and volume as added, its Merkle root over the chunk roots. */
  @Transaction()
  @Returns('string')
  async ClosePool(ctx: Context, poolDin: string): Promise<string> {
    const pool = await getPool(ctx, normaliseDinKey(poolDin));
    assertOwnOpenPool(ctx, pool);
    if (pool.count === 0) {
      throw new ConflictError(`pool ${pool.poolDin} holds no donation`);
    }
    const closed = newPool({
      ...pool,
      status: 'closed',
      merkleRoot: rootOf(pool.chunkRoots),
      closedAt: transactionTime(ctx),
      lastChange: changeStamp(ctx),
    });
    await putPool(ctx, closed);
    emitEvent(ctx, 'PoolClosed', closed.poolDin, closed, [{ type: 'pool', id: closed.poolDin }]);
    return toCanonicalJson(closed);
  }

  @Transaction(false)
  @Returns('string')
  async GetPool(ctx: Context, poolDin: string): Promise<string> {
    return toCanonicalJson(await getPool(ctx, normaliseDinKey(poolDin)));
  }

  /** One chunk of a pool: its sorted DINs, volume and Merkle root (chunks are numbered from 0). */
  @Transaction(false)
  @Returns('string')
  async GetPoolChunk(ctx: Context, poolDin: string, chunk: string): Promise<string> {
    const number = Number(chunk);
    if (!integerBetween(0, MAX_POOL_CHUNKS - 1, 'chunks').test(number)) {
      throw new ValidationError('chunk', `must be a chunk number from 0 to ${MAX_POOL_CHUNKS - 1}`);
    }
    return toCanonicalJson(await getChunk(ctx, normaliseDinKey(poolDin), number));
  }

  /** The Merkle proof that a donation is in the pool: leaf → chunk root → pool root (verifyMembershipProof checks it). */
  @Transaction(false)
  @Returns('string')
  async GetMembershipProof(ctx: Context, poolDin: string, din: string): Promise<string> {
    const pool = await getPool(ctx, normaliseDinKey(poolDin));
    const din13 = normaliseDinKey(din);
    const chunk = await chunkOfMember(ctx, pool.poolDin, din13);
    if (chunk === undefined) {
      throw new ValidationError('din', `${din13} is not in pool ${pool.poolDin}`);
    }
    return toCanonicalJson(membershipProof(pool, await getChunk(ctx, pool.poolDin, chunk), din13));
  }
}
