// World-state reads and writes, always in canonical JSON.
import type { Context } from 'fabric-contract-api';
import { fromBytes, toCanonicalBytes } from './canonical';

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
  for await (const { value } of ctx.stub.getStateByPartialCompositeKey(objectType, attributes)) {
    values.push(fromBytes(value));
  }
  return values;
}
