// A plasma pool (投料): a new DIN from the pooling facility, filled with released donations in chunks, then closed
// with its count, volume and Merkle root. The state object, validated on every read and write.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { NotFoundError, ValidationError } from '../errors';
import { computeDinCheckCharacter, DIN_RULE } from '../identifiers/din';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readState, writeState } from '../ledger/state';
import { JURISDICTION_RULE } from '../rules/jurisdiction';
import { ISO_INSTANT_RULE } from '../time';
import {
  ANY_RULE,
  equalTo,
  IDENTIFIER_RULE,
  integerBetween,
  oneOf,
  readList,
  readObject,
  SHA256_HEX_RULE,
  withoutUndefined,
} from '../validation';

/** A pool holds 5,000-10,000 donations; this bound leaves room and keeps the chunk-root list small. */
export const MAX_POOL_DONATIONS = 20_000;
export const MAX_POOL_CHUNKS = 200;

export interface Pool {
  readonly poolDin: string;
  readonly checkCharacter: string;
  readonly facility: string;
  readonly factory: string;
  /** Every donation in the pool was released under this jurisdiction's rules. */
  readonly jurisdiction: string;
  readonly status: 'open' | 'closed';
  readonly count: number;
  readonly volumeMl: number;
  /** Merkle root of each chunk of DINs, in the order the chunks were added. */
  readonly chunkRoots: readonly string[];
  /** Root over the chunk roots; set when the pool closes. */
  readonly merkleRoot?: string;
  readonly createdAt: string;
  readonly closedAt?: string;
  /** Look-back cases that found an interdicted donation in this pool: such a pool is not used. */
  readonly lookBackCaseIds: readonly string[];
  readonly lastChange: ChangeStamp;
}

/** What Pool:CreatePool takes. */
export const POOL_INPUT_FIELDS = ['poolDin', 'jurisdiction'];
export const POOL_FIELDS = [
  'poolDin',
  'checkCharacter',
  'facility',
  'factory',
  'jurisdiction',
  'status',
  'count',
  'volumeMl',
  'chunkRoots',
  'merkleRoot',
  'createdAt',
  'closedAt',
  'lookBackCaseIds',
  'lastChange',
];

export function newPool(value: unknown): Pool {
  const f = readObject(value, 'pool', POOL_FIELDS);
  const poolDin = f.required('poolDin', DIN_RULE);
  const check = computeDinCheckCharacter(poolDin);
  const pool: Pool = withoutUndefined({
    poolDin,
    checkCharacter: f.required('checkCharacter', equalTo(check, `must be ${check}, the check character of the pool DIN`)),
    facility: f.required('facility', equalTo(poolDin.slice(0, 5), 'must be the FIN of the pool DIN')),
    factory: f.required('factory', MSP_ID_RULE),
    jurisdiction: f.required('jurisdiction', JURISDICTION_RULE),
    status: f.required('status', oneOf(['open', 'closed'] as const)),
    count: f.required('count', integerBetween(0, MAX_POOL_DONATIONS, 'donations')),
    volumeMl: f.required('volumeMl', integerBetween(0, 1000 * MAX_POOL_DONATIONS, 'millilitres')),
    chunkRoots: readList(f.required('chunkRoots', ANY_RULE), f.path('chunkRoots'), SHA256_HEX_RULE, { max: MAX_POOL_CHUNKS }),
    merkleRoot: f.optional('merkleRoot', SHA256_HEX_RULE),
    createdAt: f.required('createdAt', ISO_INSTANT_RULE),
    closedAt: f.optional('closedAt', ISO_INSTANT_RULE),
    lookBackCaseIds: readList(f.required('lookBackCaseIds', ANY_RULE), f.path('lookBackCaseIds'), IDENTIFIER_RULE, {
      max: 100,
      unique: true,
    }),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
  if ((pool.status === 'closed') !== (pool.merkleRoot !== undefined && pool.closedAt !== undefined)) {
    throw new ValidationError('pool.merkleRoot', 'and closedAt are set exactly when the pool is closed');
  }
  return pool;
}

export const poolKey = (ctx: Context, poolDin: string): string => compositeKey(ctx, 'pool', [poolDin]);

export async function findPool(ctx: Context, poolDin: string): Promise<Pool | undefined> {
  const state = await readState(ctx, poolKey(ctx, poolDin));
  return state === undefined ? undefined : newPool(state);
}

export async function getPool(ctx: Context, poolDin: string): Promise<Pool> {
  const pool = await findPool(ctx, poolDin);
  if (pool === undefined) throw new NotFoundError(`pool ${poolDin} is not recorded`);
  return pool;
}

export const putPool = (ctx: Context, pool: Pool): Promise<void> => writeState(ctx, poolKey(ctx, pool.poolDin), pool);
