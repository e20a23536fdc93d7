// World-state reads and writes, always in canonical JSON.
import type { Context } from 'fabric-contract-api';
import { assertKeyPart } from '../identifiers/identifier';
import { fromBytes, toCanonicalBytes } from './canonical';

/** A partial key's parts pass the identifier rule too: a U+0000 in one would widen the range it reads. */
function checkedParts(objectType: string, attributes: readonly string[]): string[] {
  attributes.forEach((attribute, index) => assertKeyPart(attribute, `${objectType} key part ${index + 1}`));
  return [...attributes];
}

/** The parsed value under `key`, or undefined when the key holds nothing. */
export async function readState(ctx: Context, key: string): Promise<unknown> {
  const bytes = await ctx.stub.getState(key);
  return bytes.length === 0 ? undefined : fromBytes(bytes);
}

/**
 * A record nearly every transaction reads and few change (the consortium registry, a rule set): read once per
 * transaction, and parsed and checked by `reader` once per chaincode process for the same bytes. The bytes are still
 * read from the ledger by every transaction, so its read set holds the key, and a change committed between endorsement
 * and commit invalidates it as before; only the parsing is spared. The value is frozen, being shared by transactions.
 */
export function readSharedState<T extends object>(ctx: Context, key: string, reader: (value: unknown) => T): Promise<T | undefined> {
  const known = sharedThisTransaction.get(ctx) ?? new Map<string, Promise<object | undefined>>();
  sharedThisTransaction.set(ctx, known);
  let read = known.get(key) as Promise<T | undefined> | undefined;
  if (read === undefined) {
    read = ctx.stub.getState(key).then((bytes) => (bytes.length === 0 ? undefined : parsedOnce(key, bytes, reader)));
    known.set(key, read);
  }
  return read;
}

const sharedThisTransaction = new WeakMap<Context, Map<string, Promise<object | undefined>>>();
const parsedLast = new Map<string, { readonly bytes: Buffer; readonly value: object }>();
/** Off only to measure what parsing once saves (bench/chaincode-settings.ts). */
const PARSE_ONCE = process.env.PLASMA_CHAINCODE_PARSE_ONCE !== 'off';

function parsedOnce<T extends object>(key: string, bytes: Uint8Array, reader: (value: unknown) => T): T {
  const last = parsedLast.get(key);
  if (PARSE_ONCE && last !== undefined && last.bytes.equals(bytes)) return last.value as T;
  const value = deepFreeze(reader(fromBytes(bytes)));
  parsedLast.set(key, { bytes: Buffer.from(bytes), value });
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export async function writeState(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, toCanonicalBytes(value));
}

/** Parsed values of every composite key `objectType` + `attributes` + ..., in key order. */
export async function readByPartialKey(ctx: Context, objectType: string, attributes: string[] = []): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const { value } of ctx.stub.getStateByPartialCompositeKey(objectType, checkedParts(objectType, attributes))) {
    values.push(fromBytes(value));
  }
  return values;
}

/** Attributes and parsed value of every composite key `objectType` + `attributes` + ..., in key order. */
export async function readEntriesByPartialKey(
  ctx: Context,
  objectType: string,
  attributes: string[] = [],
): Promise<{ attributes: string[]; value: unknown }[]> {
  const entries: { attributes: string[]; value: unknown }[] = [];
  for await (const { key, value } of ctx.stub.getStateByPartialCompositeKey(objectType, checkedParts(objectType, attributes))) {
    entries.push({ attributes: ctx.stub.splitCompositeKey(key).attributes, value: fromBytes(value) });
  }
  return entries;
}

/** Attributes of every composite key under `objectType` + `attributes`, in key order (values ignored). */
export async function readKeysByPartialKey(ctx: Context, objectType: string, attributes: string[] = []): Promise<string[][]> {
  const keys: string[][] = [];
  for await (const { key } of ctx.stub.getStateByPartialCompositeKey(objectType, checkedParts(objectType, attributes))) {
    keys.push(ctx.stub.splitCompositeKey(key).attributes);
  }
  return keys;
}

export interface Page<T> {
  readonly items: T[];
  /** Where the next page starts; empty when this was the last page. */
  readonly bookmark: string;
}

/** One page of a composite-key index (queries only: Fabric refuses paged reads in update transactions). */
export async function readPageByPartialKey(
  ctx: Context,
  objectType: string,
  attributes: string[],
  pageSize: number,
  bookmark: string,
): Promise<Page<{ attributes: string[]; value: unknown }>> {
  const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
    objectType,
    checkedParts(objectType, attributes),
    pageSize,
    bookmark,
  );
  const items: { attributes: string[]; value: unknown }[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      items.push({ attributes: ctx.stub.splitCompositeKey(next.value.key).attributes, value: fromBytes(next.value.value) });
    }
  } finally {
    await iterator.close();
  }
  return { items, bookmark: items.length < pageSize ? '' : metadata.bookmark };
}
