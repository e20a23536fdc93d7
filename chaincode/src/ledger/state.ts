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
