// A status as a coloured pill: green for what may go on, amber for what waits or is held, red for what is
// stopped (destroyed, recalled, interdicted), grey otherwise.
const TONES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(released|qa-released|received|closed|valid|healthy|pass|conforming|stored|shipped|collected|signed|complete|pooled|commissioned|packed|links|chain intact)$/i, 'good'],
  [/(hold|quarantine|in-process|open|pending|waiting|screened|in-transit|tolerated|dispatched)/i, 'wait'],
  [/(destroy|recall|interdict|reactive|invalid|violation|fail|down|mismatch|salvage|non-conforming|broken|critical)/i, 'stop'],
];

/** `tone` overrides the tone read from the words, for a status that carries free text (a refusal's reason). */
export function StatusBadge({ status, tone: given }: { readonly status: string; readonly tone?: 'good' | 'wait' | 'stop' | 'neutral' }) {
  const tone = given ?? TONES.find(([pattern]) => pattern.test(status))?.[1] ?? 'neutral';
  return <span className={`badge ${tone}`}>{status}</span>;
}
