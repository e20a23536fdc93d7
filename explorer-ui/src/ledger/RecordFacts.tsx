// A ledger record's plain fields as facts, for objects whose page shows the record as it is: names spoken,
// instants as times, nested parts left to the page (or shown as JSON when it does not read them).
import type { ReactNode } from 'react';
import { Facts } from '../ui/Facts';
import { Instant } from '../ui/Instant';

const spoken = (field: string): string => {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function shown(value: unknown): ReactNode {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return <Instant at={value} />;
  if (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)) return <code title={value}>{value.slice(0, 12)}…</code>;
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.length === 0 ? '—' : value.join(', ');
  return <code className="detail">{JSON.stringify(value)}</code>;
}

export function RecordFacts({
  record,
  omit = [],
}: {
  readonly record: Readonly<Record<string, unknown>>;
  readonly omit?: readonly string[];
}) {
  // The change stamp is shown by the audit trail, where it belongs.
  const hidden = new Set(['lastChange', ...omit]);
  return (
    <Facts
      items={Object.entries(record)
        .filter(([field]) => !hidden.has(field))
        .map(([field, value]) => [spoken(field), shown(value)] as const)}
    />
  );
}
