// A status as a coloured pill, toned by ui/status-tones.
import { toneOf, type Tone } from './status-tones';

/** `tone` overrides the status's own, for a status that carries free text (a refusal's reason). */
export function StatusBadge({ status, tone }: { readonly status: string; readonly tone?: Tone }) {
  return <span className={`badge ${tone ?? toneOf(status)}`}>{status}</span>;
}
