// An object's life at a glance: each event in time order with who did it, newest last, as a vertical line.
import { Instant } from '../ui/Instant';
import type { AuditEntry } from './audit-operations';

// Event names are PascalCase (DonationRecorded); people read "Donation recorded".
const spoken = (event: string): string =>
  event.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ (\w)/g, (_, c: string) => ` ${c.toLowerCase()}`);

export function Timeline({ entries }: { readonly entries: readonly AuditEntry[] }) {
  if (entries.length === 0) return <p className="muted">No event naming this object is indexed.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry) => (
        <li key={`${entry.transactionId}/${entry.objectId}`}>
          <div className="timeline-what">{spoken(entry.what)}</div>
          <div className="muted">
            <Instant at={entry.at} /> · {entry.who} ({entry.organisation})
          </div>
          {entry.reason && <div className="timeline-reason">“{entry.reason}”</div>}
        </li>
      ))}
    </ol>
  );
}
