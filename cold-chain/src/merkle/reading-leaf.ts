// A reading's canonical form (RFC 8785 JSON) and its Merkle leaf hash: what is anchored, and recomputed to verify.
import canonicalize from 'canonicalize';
import { leafHash } from './tree';

/** A reading as the device reported it: the fields that are anchored, nothing the ingest added. */
export interface Reading {
  readonly device: string;
  readonly node: string;
  readonly sourceTime: Date;
  /** null when the device reported a Bad status instead of a measurement. */
  readonly value: number | null;
  /** The OPC UA status code (0 is Good). */
  readonly statusCode: number;
}

export function canonicalReading(reading: Reading): Buffer {
  const text = canonicalize({
    device: reading.device,
    node: reading.node,
    sourceTime: reading.sourceTime.toISOString(),
    statusCode: reading.statusCode,
    value: reading.value,
  });
  if (text === undefined) throw new Error('reading: cannot be put in canonical form');
  return Buffer.from(text, 'utf8');
}

export const readingLeafHash = (reading: Reading): Buffer => leafHash(canonicalReading(reading));

/** A reading's stable identifier: device, node and source time, the same key the database is unique on. */
export const readingId = (reading: Pick<Reading, 'device' | 'node' | 'sourceTime'>): string =>
  `${reading.device}/${reading.node}@${reading.sourceTime.toISOString()}`;

export function parseReadingId(id: string): Pick<Reading, 'device' | 'node' | 'sourceTime'> {
  const match = /^([A-Z0-9][A-Z0-9-]*)\/([A-Za-z]+)@(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$/.exec(id);
  const sourceTime = match ? new Date(match[3]!) : undefined;
  if (!match || sourceTime === undefined || Number.isNaN(sourceTime.getTime())) {
    throw new Error(`readingId: must be <device>/<node>@<ISO 8601 UTC source time with milliseconds>, got ${JSON.stringify(id)}`);
  }
  return { device: match[1]!, node: match[2]!, sourceTime };
}
