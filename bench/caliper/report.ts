// Caliper's figures for a round, read from the summary table of its HTML report (report.html): what Caliper itself
// says, in its own units. Its throughput counts failed transactions too: (succeeded + failed) over the time from the
// first transaction created to the last one finished; its latencies are of the succeeded ones, and it gives no
// percentile, only the maximum, minimum and average.
import { readFileSync } from 'node:fs';

export interface CaliperSummary {
  readonly succeeded: number;
  readonly failed: number;
  readonly sendRatePerSecond: number;
  readonly maxLatencyMs: number;
  readonly minLatencyMs: number;
  readonly avgLatencyMs: number;
  readonly throughputPerSecond: number;
}

const COLUMNS = {
  name: 'Name',
  succeeded: 'Succ',
  failed: 'Fail',
  sendRatePerSecond: 'Send Rate (TPS)',
  maxLatencyMs: 'Max Latency (s)',
  minLatencyMs: 'Min Latency (s)',
  avgLatencyMs: 'Avg Latency (s)',
  throughputPerSecond: 'Throughput (TPS)',
} as const;

const cells = (row: string, tag: 'th' | 'td'): string[] =>
  [...row.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1]!.trim());

/** The summary row of round `label` in Caliper's report file; throws, naming what is missing, when it has none. */
export const readCaliperReport = (file: string, label: string): CaliperSummary =>
  parseCaliperReport(readFileSync(file, 'utf8'), label, file);

/** The summary row of round `label` in the HTML of Caliper's report (`file` names it in errors). */
export function parseCaliperReport(html: string, label: string, file = 'the report'): CaliperSummary {
  const summary = /id="benchmarksummary">([\s\S]*?)<\/table>/.exec(html)?.[1];
  if (summary === undefined) throw new Error(`${file} has no summary table`);
  const rows = summary.split(/<tr>/).slice(1);
  const head = cells(rows[0] ?? '', 'th');
  const row = rows.map((r) => cells(r, 'td')).find((r) => r[head.indexOf(COLUMNS.name)] === label);
  if (row === undefined) throw new Error(`${file} has no row for round ${label}`);
  const value = (column: string): number => {
    const at = head.indexOf(column);
    const text = row[at];
    // Caliper writes '-' for a latency when no transaction succeeded.
    if (at < 0 || text === undefined) throw new Error(`${file}: the summary has no column '${column}' (it has ${head.join(', ')})`);
    return text === '-' ? NaN : Number(text);
  };
  return {
    succeeded: value(COLUMNS.succeeded),
    failed: value(COLUMNS.failed),
    sendRatePerSecond: value(COLUMNS.sendRatePerSecond),
    maxLatencyMs: value(COLUMNS.maxLatencyMs) * 1000,
    minLatencyMs: value(COLUMNS.minLatencyMs) * 1000,
    avgLatencyMs: value(COLUMNS.avgLatencyMs) * 1000,
    throughputPerSecond: value(COLUMNS.throughputPerSecond),
  };
}
