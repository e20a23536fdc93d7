// The kinds of business object the chaincode's events name (its OBJECT_TYPES), offered as the audit trail's filter in
// the order a person looks for them, the chain of custody first. The compiler checks each against the chaincode's
// own kinds; explorer-ui/test/audit-object-types.test.ts checks that none is missing.
import type { ObjectType } from '@plasma/chaincode/browser';

export const AUDITED_OBJECT_TYPES = [
  'donation',
  'donor',
  'shipment',
  'test-result',
  'pool',
  'lot',
  'master-batch-record',
  'unit',
  'case',
  'look-back-case',
  'look-back-request',
  'rule-set',
  'consortium',
  'registry-proposal',
  'device',
  'window-anchor',
  'excursion',
  'security-log',
] as const satisfies readonly ObjectType[];
