// A temperature curve drawn by hand in SVG (no chart library: the explorer stays lean): for each time bucket the
// range from its lowest to its highest reading as a bar and its mean as a line, broken where no reading came; the
// storage limit as a dashed line with the warm side shaded; excursions as marked spans with their peak; buckets with
// readings of bad quality ticked along the bottom. Every bar and mark says its values on hover.
import type { ColdChainExcursion, ReadingBucket } from '../coldchain/cold-chain-operations';

const WIDTH = 960;
const HEIGHT = 320;
const MARGIN = { left: 56, right: 20, top: 22, bottom: 34 } as const;
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

const celsius = (value: number): string => `${value.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} °C`;

/** About `count` round steps (1, 2 or 5 times a power of ten) covering [low, high]. */
function niceTicks(low: number, high: number, count = 5): number[] {
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step / 1e6; t += step) ticks.push(Number(t.toFixed(6)));
  return ticks;
}

function timeLabel(ms: number, spanMs: number): string {
  const options: Intl.DateTimeFormatOptions =
    spanMs <= 2 * 86_400_000
      ? { hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(undefined, options).format(new Date(ms));
}

export interface TemperatureChartProps {
  readonly buckets: readonly ReadingBucket[];
  readonly from: string;
  readonly to: string;
  /** The storage limit: readings must stay at or below it. */
  readonly limitC?: number | null;
  readonly excursions?: readonly ColdChainExcursion[];
  /** What the curve is of, for screen readers. */
  readonly label: string;
}

export function TemperatureChart({ buckets, from, to, limitC, excursions = [], label }: TemperatureChartProps) {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const span = Math.max(1, end - start);
  const measured = buckets.filter((b) => b.min !== null && b.max !== null && b.mean !== null);
  const limit = limitC ?? undefined;

  const values = [
    ...measured.flatMap((b) => [b.min!, b.max!]),
    ...(limit === undefined ? [] : [limit]),
    ...excursions.map((e) => e.peakValue),
  ];
  const lowest = values.length > 0 ? Math.min(...values) : -30;
  const highest = values.length > 0 ? Math.max(...values) : 0;
  const pad = Math.max(1, (highest - lowest) * 0.1);
  const yTicks = niceTicks(lowest - pad, highest + pad);
  const yLow = Math.min(lowest - pad, yTicks[0]!);
  const yHigh = Math.max(highest + pad, yTicks.at(-1)!);

  const x = (ms: number): number => MARGIN.left + ((Math.min(end, Math.max(start, ms)) - start) / span) * PLOT_W;
  const y = (celsiusValue: number): number => MARGIN.top + ((yHigh - celsiusValue) / (yHigh - yLow)) * PLOT_H;
  const xTicks = Array.from({ length: 6 }, (_, i) => start + (i * span) / 5);

  // The mean line, broken wherever a bucket has no good reading.
  const meanPaths: string[] = [];
  let current = '';
  for (const bucket of buckets) {
    if (bucket.mean === null) {
      if (current) meanPaths.push(current);
      current = '';
      continue;
    }
    const mid = (Date.parse(bucket.from) + Date.parse(bucket.to)) / 2;
    current += `${current ? 'L' : 'M'}${x(mid).toFixed(1)},${y(bucket.mean).toFixed(1)}`;
  }
  if (current) meanPaths.push(current);

  return (
    <figure className="temperature-chart" data-testid="temperature-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <rect className="plot" x={MARGIN.left} y={MARGIN.top} width={PLOT_W} height={PLOT_H} />
        {limit !== undefined && limit < yHigh && (
          <rect className="warm-side" x={MARGIN.left} y={MARGIN.top} width={PLOT_W} height={Math.max(0, y(limit) - MARGIN.top)} />
        )}
        {yTicks.map((t) => (
          <g key={t} className="tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} />
            <text x={MARGIN.left - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={t}
            className="tick"
            x={x(t)}
            y={HEIGHT - 12}
            textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
          >
            {timeLabel(t, span)}
          </text>
        ))}
        <text className="axis-unit" x={MARGIN.left - 6} y={MARGIN.top - 8} textAnchor="end">
          °C
        </text>

        {excursions.map((e) => {
          const left = x(Date.parse(e.startedAt));
          const right = x(e.endedAt === null ? end : Date.parse(e.endedAt));
          return (
            <g key={e.id} className={`excursion ${e.severity}`} data-testid="excursion-mark">
              <rect x={left} y={MARGIN.top} width={Math.max(2, right - left)} height={PLOT_H}>
                <title>{`Excursion ${e.severity}: from ${e.startedAt} to ${e.endedAt ?? 'now (still lasting)'}, peak ${celsius(e.peakValue)}`}</title>
              </rect>
              <line x1={left} x2={Math.max(left + 2, right)} y1={y(e.peakValue)} y2={y(e.peakValue)} />
              <text x={left + 3} y={MARGIN.top + 12}>
                peak {celsius(e.peakValue)}
              </text>
            </g>
          );
        })}

        {measured.map((b) => {
          const left = x(Date.parse(b.from));
          const top = y(b.max!);
          return (
            <rect
              key={b.from}
              className="range"
              x={left}
              y={top}
              width={Math.max(1, x(Date.parse(b.to)) - left - 0.5)}
              height={Math.max(1, y(b.min!) - top)}
            >
              <title>{`${b.from} – ${b.to}: mean ${celsius(b.mean!)}, ${celsius(b.min!)} to ${celsius(b.max!)}, ${b.count} readings${b.notGood > 0 ? `, ${b.notGood} not Good` : ''}`}</title>
            </rect>
          );
        })}
        {meanPaths.map((d) => (
          <path key={d} className="mean" d={d} />
        ))}

        {buckets
          .filter((b) => b.notGood > 0)
          .map((b) => (
            <rect
              key={`bad-${b.from}`}
              className="not-good"
              x={x(Date.parse(b.from))}
              y={MARGIN.top + PLOT_H - 5}
              width={Math.max(2, x(Date.parse(b.to)) - x(Date.parse(b.from)))}
              height={5}
            >
              <title>{`${b.notGood} readings of bad or uncertain quality, ${b.from} – ${b.to}`}</title>
            </rect>
          ))}

        {limit !== undefined && (
          <g className="limit" data-testid="limit-line">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(limit)} y2={y(limit)} />
            <text x={WIDTH - MARGIN.right - 4} y={y(limit) - 5} textAnchor="end">
              storage limit {celsius(limit)}
            </text>
          </g>
        )}
      </svg>
      {measured.length === 0 && <figcaption className="muted">No good reading in this window.</figcaption>}
    </figure>
  );
}
