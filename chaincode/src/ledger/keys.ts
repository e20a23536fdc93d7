// Composite keys, made in one place so that every part passes the identifier rule before it becomes a key.
import type { Context } from 'fabric-contract-api';
import { assertKeyPart } from '../identifiers/identifier';

/** The composite key `objectType` + `attributes`; refuses a part with a control character (VALIDATION). */
export function compositeKey(ctx: Context, objectType: string, attributes: readonly string[]): string {
  attributes.forEach((attribute, index) => assertKeyPart(attribute, `${objectType} key part ${index + 1}`));
  return ctx.stub.createCompositeKey(objectType, [...attributes]);
}
