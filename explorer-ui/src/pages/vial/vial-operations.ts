// What the vial page asks: the unit as the ledger keeps it.
import type { Unit } from '@plasma/chaincode/browser';
import type { Answer } from '../../graphql/answer';
import { operation } from '../../graphql/operation';

export type UnitRecord = Answer<Unit>;

export const UNIT = operation<{ unit: UnitRecord | null }, { code: string }>(/* GraphQL */ `
  query Unit($code: String!) {
    unit(code: $code) { code scheme serial lotId status caseCode commissionedAt lastChange { txId at by { mspId name role } transaction reason } }
  }`);
