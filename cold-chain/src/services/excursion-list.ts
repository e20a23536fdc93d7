// Excursions for the gateway: by device, time range and severity, with what the ledger was told.
import type pg from 'pg';
import type { ExcursionSeverity, StorageRule } from '../ingest/excursion-tracker';
import { readingId } from '../merkle/reading-leaf';

export interface ExcursionQuery {
  readonly device?: string;
  /** Excursions overlapping [from, to). */
  readonly from?: Date;
  readonly to?: Date;
  readonly severity?: ExcursionSeverity;
  readonly limit?: number;
}

export interface ExcursionView {
  readonly id: string;
  readonly device: string;
  readonly node: string;
  readonly startedAt: Date;
  /** null while the excursion is still running. */
  readonly endedAt: Date | null;
  readonly peakValue: number;
  /** The reading to ask an inclusion proof of. */
  readonly peakReadingId: string;
  readonly severity: ExcursionSeverity;
  readonly rule: StorageRule;
  readonly evidenceWindow: Date;
  readonly reportedSeverity: ExcursionSeverity | null;
  readonly reportedTxId: string | null;
  /** Why its last state was not put on the ledger (the ledger's refusal), if it was not. */
  readonly reportRefusal: string | null;
}

export async function listExcursions(pool: pg.Pool, query: ExcursionQuery = {}): Promise<ExcursionView[]> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError('limit: must be an integer from 1 to 1000');
  const { rows } = await pool.query<{
    id: string;
    device: string;
    node: string;
    started_at: Date;
    ended_at: Date | null;
    peak_value: number;
    peak_reading_at: Date;
    severity: ExcursionSeverity;
    rule: StorageRule;
    evidence_window: Date;
    reported_severity: ExcursionSeverity | null;
    reported_tx_id: string | null;
    report_refusal: string | null;
  }>(
    `SELECT id, device, node, started_at, ended_at, peak_value, peak_reading_at, severity, rule, evidence_window, reported_severity, reported_tx_id,
            report_refusal
       FROM cold_chain_excursions
      WHERE ($1::text IS NULL OR device = $1)
        AND ($2::timestamptz IS NULL OR coalesce(ended_at, 'infinity') >= $2)
        AND ($3::timestamptz IS NULL OR started_at < $3)
        AND ($4::text IS NULL OR severity = $4)
      ORDER BY started_at DESC LIMIT $5`,
    [query.device ?? null, query.from?.toISOString() ?? null, query.to?.toISOString() ?? null, query.severity ?? null, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    device: r.device,
    node: r.node,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    peakValue: r.peak_value,
    peakReadingId: readingId({ device: r.device, node: r.node, sourceTime: r.peak_reading_at }),
    severity: r.severity,
    rule: r.rule,
    evidenceWindow: r.evidence_window,
    reportedSeverity: r.reported_severity,
    reportedTxId: r.reported_tx_id,
    reportRefusal: r.report_refusal,
  }));
}
