// The kinds of business object the chaincode's events name (chaincode/src/ledger/events.ts OBJECT_TYPES), offered as
// the audit trail's filter. Copied, not imported: that module pulls the chaincode's node-only code into the browser;
// explorer-ui/test/audit-object-types.test.ts keeps the two equal.
export const AUDITED_OBJECT_TYPES = [
  'donation', 'shipment', 'test-result', 'pool', 'lot', 'unit', 'case', 'look-back-case', 'look-back-request', 'rule-set', 'consortium',
  'device', 'window-anchor', 'excursion',
] as const;
