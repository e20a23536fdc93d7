// Who the caller is, taken from their certificate: never from transaction input.
import type { Context } from 'fabric-contract-api';
import { ForbiddenError } from '../errors';

/**
 * Common name (CN) of the caller's certificate subject. The shim formats the identity as
 * `x509::/C=US/.../OU=client/CN=collector1::/C=US/.../CN=ca.example.com` (subject, then issuer),
 * escaping "/" inside values as "\/".
 */
export function callerCommonName(ctx: Context): string {
  const subject = ctx.clientIdentity.getID().split('::')[1] ?? '';
  const commonName = /(?:^|\/)CN=((?:\\\/|[^/])+)/.exec(subject)?.[1];
  if (commonName === undefined) {
    throw new ForbiddenError('the caller certificate has no common name (CN) to record as the operator');
  }
  return commonName.replace(/\\\//g, '/');
}

/** The `role` attribute of the caller's certificate; the role matrix has already checked it. */
export function callerRole(ctx: Context): string {
  return ctx.clientIdentity.getAttributeValue('role') ?? '';
}

export const callerMspId = (ctx: Context): string => ctx.clientIdentity.getMSPID();
