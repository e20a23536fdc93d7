// Verification of one ledger object's off-chain copies against the ledger itself. The object is read from the
// peers with the contract's own query (as the signed-in person, through a peer of their organisation) and compared
// field by field with what PostgreSQL holds of it: the indexer's ledger_state row, the donations table for a
// donation, a lot's process steps. Every field that holds the SHA-256 of an off-chain document is checked by
// recomputing the hash over the stored document's canonical bytes. The object's audit trail as PostgreSQL projects it
// is proven against the key's history on the peers (Lineage:GetAuditTrail): a change the trail lacks, an entry the
// ledger never wrote, an entry's record or submitter edited. Each difference is named by its field.
import { canonicalDigest } from '@plasma/chaincode';
import type { Pool } from 'pg';
import { documentDigest, NotCanonicalisable } from '../documents/canonical-content';
import type { DocumentRepository } from '../documents/document-repository';
import { ErrorCode, GatewayError, validationError } from '../errors';
import type { LedgerRepository } from '../explorer/ledger-repository';
import type { BlockEvents } from '../ledger/block-events';
import type { PersonLedger, TransactionName } from '../ledger/person-ledger';
import type { Person } from '../people/person';
import type { ReadScopes } from '../people/read-scope';
import { fieldDifferences, type FieldDifference } from './field-differences';
import { trailDifferences, type LedgerTrailEntry, type ProjectedTrailEntry } from './trail-differences';
import { VERIFIABLE_OBJECTS, VERIFIABLE_TYPES, type LedgerRecord, type VerifiableObject } from './verifiable-objects';

export interface VerificationCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
  /** The SHA-256 of a cited document this database does not hold: another organisation stored it, or it was lost. */
  readonly documentNotHeld?: string;
}

export interface Difference extends FieldDifference {
  /** Where the off-chain value lives: `ledger_state`, `donations`, `donations.record`, `documents`. */
  readonly source: string;
}

export interface Verification {
  readonly objectType: string;
  readonly objectId: string;
  readonly verified: boolean;
  readonly checkedAt: Date;
  /** SHA-256 of the record's canonical JSON as the peers hold it; null when the ledger holds no such object. */
  readonly ledgerDigest: string | null;
  /** SHA-256 of the canonical JSON of the projection's copy (ledger_state); null when it has none. */
  readonly offChainDigest: string | null;
  readonly checks: readonly VerificationCheck[];
  readonly differences: readonly Difference[];
}

export interface VerificationService {
  verify(person: Person, objectType: string, objectId: string): Promise<Verification>;
}

export interface VerificationOptions {
  readonly pool: Pool;
  /** Each object's trail rows as the projection holds them. */
  readonly trails: Pick<LedgerRepository, 'objectTrail'>;
  readonly ledger: PersonLedger;
  readonly documents: DocumentRepository;
  /** Whether the person may read the object at all. */
  readonly readScopes: Pick<ReadScopes, 'require'>;
  /** The events of a transaction as its block holds them, to prove the trail's events against. */
  readonly blocks: Pick<BlockEvents, 'eventsOf'>;
}

/** One off-chain copy compared with the ledger. */
interface Comparison {
  readonly check: string;
  readonly source: string;
  /** What the copy is, for the check's detail: "ledger_state row lot/L1". */
  readonly what: string;
  readonly ledger: unknown;
  /** undefined: there is no such copy. */
  readonly offChain: unknown;
  /** Path of the compared value inside the object, '' for the whole record. */
  readonly path?: string;
}

/** A field citing an off-chain document by its SHA-256. */
interface DocumentCitation {
  readonly field: string;
  readonly sha256: unknown;
}

const MAX_ID_LENGTH = 256;
/** The difference's field when a whole object is missing on one side. */
const WHOLE_OBJECT = '(object)';

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export function verificationService(options: Readonly<VerificationOptions>): VerificationService {
  const { pool, ledger, documents, trails, readScopes, blocks } = options;

  const projected = async (objectType: string, key: string): Promise<{ value: unknown; txId: string } | undefined> => {
    const { rows } = await pool.query<{ value: unknown; updated_tx_id: string }>(
      'SELECT value, updated_tx_id FROM ledger_state WHERE object_type = $1 AND attributes = ARRAY[$2]',
      [objectType, key],
    );
    return rows[0] && { value: rows[0].value, txId: rows[0].updated_tx_id };
  };

  const isIndexed = async (txId: string): Promise<boolean> =>
    ((await pool.query('SELECT 1 FROM transactions WHERE tx_id = $1', [txId])).rowCount ?? 0) > 0;

  const evaluate = async (person: Person, query: TransactionName, args: string[]): Promise<unknown> =>
    JSON.parse(Buffer.from(await ledger.evaluate({ person }, query, args)).toString('utf8'));

  /** The record from the peers, or undefined when the ledger holds no such object. */
  const readLedger = async (person: Person, kind: VerifiableObject, objectId: string): Promise<LedgerRecord | undefined> => {
    try {
      return kind.record((await evaluate(person, kind.query, kind.argumentsOf(objectId))) as LedgerRecord);
    } catch (error) {
      if (error instanceof GatewayError && error.code === ErrorCode.NotFound) return undefined;
      // The chaincode's rule for the id (a DIN's format, a unit code), about the argument the client named objectId.
      if (error instanceof GatewayError && error.code === ErrorCode.Validation) throw validationError('objectId', error.message);
      throw error;
    }
  };

  const compare = (c: Comparison): { check: VerificationCheck; differences: Difference[] } => {
    if (c.offChain === undefined) {
      return {
        check: { name: c.check, passed: false, detail: `PostgreSQL has no ${c.what}, but the ledger holds it` },
        differences: [{ field: c.path || WHOLE_OBJECT, ledger: json(c.ledger), offChain: null, source: c.source }],
      };
    }
    const differences = fieldDifferences(c.ledger, c.offChain, c.path ?? '').map((d) => ({ ...d, source: c.source }));
    const detail =
      differences.length === 0
        ? `the ${c.what} equals the ledger`
        : `the ${c.what} differs from the ledger in ${plural(differences.length, 'field')}: ${differences.map((d) => d.field).join(', ')}`;
    return { check: { name: c.check, passed: differences.length === 0, detail }, differences };
  };

  /** Recomputes a cited document's SHA-256 over its stored canonical bytes. */
  const checkDocument = async ({ field, sha256 }: DocumentCitation): Promise<{ check: VerificationCheck; differences: Difference[] }> => {
    const name = `document ${field}`;
    const failed = (detail: string, offChain: string | null) => ({
      check: { name, passed: false, detail },
      differences: [{ field, ledger: json(sha256), offChain, source: 'documents' }],
    });
    if (typeof sha256 !== 'string') return failed('the ledger holds no SHA-256 in this field', null);
    const stored = await documents.content(sha256);
    if (!stored) {
      const missing = failed(`no document with SHA-256 ${sha256} is stored off-chain`, null);
      return { ...missing, check: { ...missing.check, documentNotHeld: sha256 } };
    }
    let recomputed: string;
    try {
      recomputed = documentDigest(stored.mediaType, stored.content);
    } catch (error) {
      if (error instanceof NotCanonicalisable) return failed(`the stored document's content ${error.message}`, null);
      throw error;
    }
    if (recomputed !== sha256) {
      return failed(
        `the stored document (${stored.content.length} bytes, ${stored.mediaType}) hashes to ${recomputed}, not to the ledger's ${sha256}`,
        json(recomputed),
      );
    }
    return {
      check: {
        name,
        passed: true,
        detail: `SHA-256 recomputed over the stored document (${stored.content.length} bytes, ${stored.mediaType}) equals the ledger's`,
      },
      differences: [],
    };
  };

  /** What a donation's own table keeps of it: its columns, and the whole record beside them. */
  const donationTable = async (record: LedgerRecord): Promise<Comparison[]> => {
    const din = String(record.din);
    const { rows } = await pool.query<LedgerRecord>(
      `SELECT din, station, facility, product_code, donor_pseudonym, volume_ml, collection_start, collection_end, status,
              operator, recorded_at, pool_din, record FROM donations WHERE din = $1`,
      [din],
    );
    const row = rows[0];
    const instant = (value: unknown): unknown =>
      value instanceof Date
        ? value.toISOString()
        : typeof value === 'string' && !Number.isNaN(Date.parse(value))
          ? new Date(value).toISOString()
          : value;
    const mirrored = (r: LedgerRecord) => ({
      din: r.din,
      station: r.station,
      facility: r.facility,
      productCode: r.productCode,
      donorPseudonym: r.donorPseudonym,
      volumeMl: r.volumeMl,
      collectionStart: instant(r.collectionStart),
      collectionEnd: instant(r.collectionEnd),
      status: r.status,
      operator: r.operator,
      recordedAt: instant(r.recordedAt),
      poolDin: r.poolDin ?? null,
    });
    const columns =
      row &&
      mirrored({
        din: row.din,
        station: row.station,
        facility: row.facility,
        productCode: row.product_code,
        donorPseudonym: row.donor_pseudonym,
        volumeMl: row.volume_ml,
        collectionStart: row.collection_start,
        collectionEnd: row.collection_end,
        status: row.status,
        operator: row.operator,
        recordedAt: row.recorded_at,
        poolDin: row.pool_din,
      });
    return [
      {
        check: 'donations table',
        source: 'donations',
        what: `donations row ${din} (its columns)`,
        ledger: mirrored(record),
        offChain: columns,
      },
      {
        check: 'donations record',
        source: 'donations.record',
        what: `donations row ${din} (its record)`,
        ledger: record,
        offChain: row?.record,
      },
    ];
  };

  /** A lot's electronic batch record: its steps on the peers and in the projection, and their parameter data. */
  const processSteps = async (
    person: Person,
    record: LedgerRecord,
  ): Promise<{ comparisons: Comparison[]; citations: DocumentCitation[] }> => {
    const lotId = String(record.lotId);
    const onLedger = (await evaluate(person, 'Lot:ListProcessSteps', [lotId])) as LedgerRecord[];
    const { rows } = await pool.query<{ value: LedgerRecord }>(
      "SELECT value FROM ledger_state WHERE object_type = 'lot-step' AND attributes[1] = $1 ORDER BY attributes[2]",
      [lotId],
    );
    const bySeq = (steps: readonly LedgerRecord[]) => Object.fromEntries(steps.map((s) => [String(s.seq), s]));
    return {
      comparisons:
        onLedger.length === 0 && rows.length === 0
          ? []
          : [
              {
                check: 'process steps',
                source: 'ledger_state',
                what: `ledger_state rows of lot ${lotId}'s process steps`,
                ledger: bySeq(onLedger),
                offChain: bySeq(rows.map((r) => r.value)),
                path: 'processSteps',
              },
            ],
      citations: onLedger.map((s) => ({ field: `processSteps.${String(s.seq)}.parameterDataHash`, sha256: s.parameterDataHash })),
    };
  };

  /** The object's trail as the projection holds it (every event naming it) against the key's history on the peers. */
  const auditTrail = async (
    person: Person,
    objectType: string,
    key: string,
  ): Promise<{ check: VerificationCheck; differences: Difference[] }> => {
    // The projection first: a change indexed between the two reads is then one the trail lacks, which the indexer check
    // below explains, rather than an entry the ledger never wrote.
    const rows: ProjectedTrailEntry[] = (await trails.objectTrail(objectType, key)).map((r) => ({
      txId: r.tx_id,
      event: r.name,
      at: r.emitted_at,
      record: r.record,
      carried: r.carried,
      organisation: r.creator_msp,
      who: r.creator_name,
    }));
    const onLedger = (await evaluate(person, 'Lineage:GetAuditTrail', [objectType, key])) as LedgerTrailEntry[];
    const differences = trailDifferences(onLedger, rows);
    const detail =
      differences.length === 0
        ? `its trail (${plural(rows.length, 'row')}) matches the ${plural(onLedger.length, 'version')} of its key on the ledger`
        : `its trail differs from the ledger's history of the key: ${differences.map((d) => d.field).join(', ')}`;
    return { check: { name: 'audit trail', passed: differences.length === 0, detail }, differences };
  };

  /**
   * Each event of the object's trail as ledger_events holds it (its name and whole payload: the summary of every object
   * it names, not only this one's record) against the event its transaction's block holds.
   */
  const trailEvents = async (objectType: string, key: string): Promise<{ check: VerificationCheck; differences: Difference[] }> => {
    const txIds = (await trails.objectTrail(objectType, key)).map((r) => r.tx_id);
    const { rows } = await pool.query<{ tx_id: string; name: string; payload: unknown; block_number: string }>(
      `SELECT e.tx_id, e.name, e.payload, t.block_number::text AS block_number
         FROM ledger_events e JOIN transactions t USING (tx_id) WHERE e.tx_id = ANY($1) ORDER BY t.block_number, t.tx_index`,
      [txIds],
    );
    const differences: Difference[] = [];
    for (const row of rows) {
      const inBlock = await blocks.eventsOf(BigInt(row.block_number), row.tx_id);
      const event = inBlock?.[0];
      const field = `events.${row.tx_id}`;
      if (!event) {
        differences.push({ field, ledger: null, offChain: json({ name: row.name, payload: row.payload }), source: 'ledger_events' });
        continue;
      }
      const projected = { name: row.name, payload: row.payload };
      differences.push(
        ...fieldDifferences({ name: event.name, payload: event.payload }, projected, field).map((d) => ({ ...d, source: 'ledger_events' })),
      );
    }
    const detail =
      differences.length === 0
        ? `${plural(rows.length, 'event')} of its trail equal the events their blocks hold`
        : `events of its trail differ from their blocks: ${[...new Set(differences.map((d) => d.field.split('.').slice(0, 2).join('.')))].join(', ')}`;
    return { check: { name: 'events', passed: differences.length === 0, detail }, differences };
  };

  return {
    async verify(person, objectType, objectId) {
      const kind = VERIFIABLE_OBJECTS.get(objectType);
      if (!kind) throw validationError('objectType', `must be one of ${VERIFIABLE_TYPES.join(', ')}; ${JSON.stringify(objectType)} is not`);
      if (objectId.trim() === '' || objectId.length > MAX_ID_LENGTH) {
        throw validationError('objectId', `must be the object's id, 1 to ${MAX_ID_LENGTH} characters`);
      }
      const checkedAt = new Date();
      const record = await readLedger(person, kind, objectId);

      if (record === undefined) {
        // The ledger holds nothing: NOT_FOUND, unless PostgreSQL claims an object the ledger never had or no longer has.
        let key: string;
        try {
          key = kind.keyOf(objectId);
        } catch {
          throw new GatewayError(ErrorCode.NotFound, `the ledger holds no ${objectType} ${objectId}`);
        }
        const copy = await projected(objectType, key);
        if (!copy) throw new GatewayError(ErrorCode.NotFound, `the ledger holds no ${objectType} ${objectId}`);
        await readScopes.require(person, objectType, key);
        return {
          objectType,
          objectId: key,
          verified: false,
          checkedAt,
          ledgerDigest: null,
          offChainDigest: canonicalDigest(copy.value),
          checks: [
            { name: 'ledger', passed: false, detail: `the ledger holds no ${objectType} ${key}, but PostgreSQL's ledger_state has one` },
          ],
          differences: [{ field: WHOLE_OBJECT, ledger: null, offChain: json(copy.value), source: 'ledger_state' }],
        };
      }

      const key = String(record[kind.keyField]);
      await readScopes.require(person, objectType, key);
      const copy = await projected(objectType, key);
      const comparisons: Comparison[] = [
        {
          check: 'projection',
          source: 'ledger_state',
          what: `ledger_state row ${objectType}/${key}`,
          ledger: record,
          offChain: copy?.value,
        },
      ];
      const citations: DocumentCitation[] = kind.documentFields.map((field) => ({ field, sha256: record[field] }));
      if (objectType === 'donation') comparisons.push(...(await donationTable(record)));
      if (objectType === 'lot') {
        const steps = await processSteps(person, record);
        comparisons.push(...steps.comparisons);
        citations.push(...steps.citations);
      }

      const results = [
        ...comparisons.map(compare),
        await auditTrail(person, objectType, key),
        await trailEvents(objectType, key),
        ...(await Promise.all(citations.map(checkDocument))),
      ];
      const checks = results.map((r) => r.check);
      // A projection behind the ledger is not tampering: say so when the ledger's last change is not indexed yet.
      const lastTx = (record.lastChange as { txId?: unknown } | undefined)?.txId;
      if (checks.some((c) => !c.passed) && typeof lastTx === 'string' && lastTx !== copy?.txId && !(await isIndexed(lastTx))) {
        checks.push({
          name: 'indexer',
          passed: false,
          detail: `the indexer has not yet written transaction ${lastTx}, the object's last change; check again shortly`,
        });
      }
      return {
        objectType,
        objectId: key,
        verified: checks.every((c) => c.passed),
        checkedAt,
        ledgerDigest: canonicalDigest(record),
        offChainDigest: copy === undefined ? null : canonicalDigest(copy.value),
        checks,
        differences: results.flatMap((r) => r.differences),
      };
    },
  };
}
