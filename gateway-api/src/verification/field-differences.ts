// Field-by-field comparison of two JSON values, naming each leaf that differs by its path (`status`,
// `storage.location`, `holds[0].reason`), with both values as JSON text (null where one side has no such field).

export interface FieldDifference {
  readonly field: string;
  /** JSON text of the ledger's value, or null when the ledger has no such field. */
  readonly ledger: string | null;
  /** JSON text of the off-chain value, or null when the off-chain copy has no such field. */
  readonly offChain: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const asText = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

const child = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

export function fieldDifferences(ledger: unknown, offChain: unknown, path = ''): FieldDifference[] {
  if (isRecord(ledger) && isRecord(offChain)) {
    const keys = [...new Set([...Object.keys(ledger), ...Object.keys(offChain)])].sort();
    return keys.flatMap((key) => fieldDifferences(ledger[key], offChain[key], child(path, key)));
  }
  if (Array.isArray(ledger) && Array.isArray(offChain)) {
    const length = Math.max(ledger.length, offChain.length);
    return Array.from({ length }, (_, i) => fieldDifferences(ledger[i], offChain[i], `${path}[${i}]`)).flat();
  }
  if (ledger === offChain) return [];
  return [{ field: path, ledger: asText(ledger), offChain: asText(offChain) }];
}
