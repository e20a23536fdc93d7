// The audit trail of any object (EU Annex 11 §9): who, what, when, old value, new value, reason. Built from the key's
// history on the peer (every committed version, never deletable) and the change stamp each version carries.
import type { Context } from 'fabric-contract-api';
import { securityLogAnchorKeyOfId } from '../audit/security-log-anchor';
import { deviceKey } from '../cold-chain/device';
import { excursionKey } from '../cold-chain/excursion-record';
import { windowAnchorKeyOfId } from '../cold-chain/window-anchor';
import { registryKey } from '../consortium/registry';
import { registryProposalKey } from '../consortium/registry-proposal';
import { donationKey } from '../donation/donation';
import { donorKey } from '../donation/donor';
import { NotFoundError, ValidationError } from '../errors';
import { normaliseDinKey } from '../identifiers/din';
import { fromBytes, toCanonicalJson } from '../ledger/canonical';
import type { Actor } from '../ledger/change';
import { OBJECT_TYPES, type ObjectType } from '../ledger/events';
import { lookBackCaseKey } from '../lookback/look-back-case';
import { lookBackRequestKey } from '../lookback/look-back-request';
import { lotKey } from '../lot/lot';
import { masterBatchRecordKey } from '../lot/master-batch-record';
import { poolKey } from '../pool/pool';
import { ruleSetKey } from '../rules/rule-set';
import { shipmentKey } from '../shipment/shipment';
import { testResultKey } from '../testing/test-result';
import { isoFromTimestamp } from '../time';
import { parseUnitCode } from '../units/unit-code';
import { caseKey, unitKey } from '../units/unit';
import { oneOf } from '../validation';

export interface FieldChange {
  readonly field: string;
  readonly old: unknown;
  readonly new: unknown;
}

export interface AuditEntry {
  readonly txId: string;
  /** When the change was committed (transaction timestamp). */
  readonly when: string;
  readonly who: Actor;
  /** The transaction that made the change, `Contract:Transaction`. */
  readonly what: string;
  readonly reason: string | null;
  readonly changes: readonly FieldChange[];
}

function keyOf(ctx: Context, type: ObjectType, id: string): string {
  switch (type) {
    case 'donation':
      return donationKey(ctx, normaliseDinKey(id));
    case 'donor':
      return donorKey(ctx, id);
    case 'pool':
      return poolKey(ctx, normaliseDinKey(id));
    case 'shipment':
      return shipmentKey(ctx, id);
    case 'test-result':
      return testResultKey(ctx, id);
    case 'lot':
      return lotKey(ctx, id);
    case 'master-batch-record':
      return masterBatchRecordKey(ctx, id);
    case 'unit':
      return unitKey(ctx, parseUnitCode(id, 'id').code);
    case 'case':
      return caseKey(ctx, id);
    case 'look-back-case':
      return lookBackCaseKey(ctx, id);
    case 'look-back-request':
      return lookBackRequestKey(ctx, id);
    case 'rule-set':
      return ruleSetKey(ctx, id);
    case 'consortium':
      return registryKey(ctx);
    case 'registry-proposal':
      return registryProposalKey(ctx, id);
    case 'device':
      return deviceKey(ctx, id);
    case 'window-anchor':
      return windowAnchorKeyOfId(ctx, id);
    case 'excursion':
      return excursionKey(ctx, id);
    case 'security-log':
      return securityLogAnchorKeyOfId(ctx, id);
  }
}

/** Field-by-field differences between two versions (the audit stamp itself excluded). */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((field) => field !== 'lastChange').sort();
  return fields
    .filter((field) => toCanonicalJson(before[field] ?? null) !== toCanonicalJson(after[field] ?? null))
    .map((field) => ({ field, old: before[field] ?? null, new: after[field] ?? null }));
}

interface Stamped {
  lastChange?: { txId: string; at: string; by: Actor; transaction: string; reason?: string };
  station?: string;
  operator?: string;
}

/** The audit trail of `objectType` `id`, oldest change first. */
export async function auditTrail(ctx: Context, objectType: string, id: string): Promise<AuditEntry[]> {
  const types = oneOf(OBJECT_TYPES);
  if (!types.test(objectType)) throw new ValidationError('objectType', types.text);
  const versions: { txId: string; timestamp: string; value: Record<string, unknown> }[] = [];
  for await (const modification of ctx.stub.getHistoryForKey(keyOf(ctx, objectType, id))) {
    versions.push({
      txId: modification.txId,
      timestamp: isoFromTimestamp(modification.timestamp),
      value: modification.isDelete ? {} : (fromBytes(modification.value) as Record<string, unknown>),
    });
  }
  if (versions.length === 0) throw new NotFoundError(`${objectType} ${id} has no history`);
  versions.reverse(); // the peer returns the newest version first
  return versions.map(({ txId, timestamp, value }, index) => {
    const stamped = value as Stamped;
    // Donations recorded before change stamps existed: the station's operator recorded them.
    const who = stamped.lastChange?.by ?? { mspId: stamped.station ?? '', name: stamped.operator ?? '', role: 'collector' };
    return {
      txId,
      when: timestamp,
      who,
      what: stamped.lastChange?.transaction ?? 'Donation:RecordDonation',
      reason: stamped.lastChange?.reason ?? null,
      changes: diff(index === 0 ? {} : versions[index - 1]!.value, value),
    };
  });
}
