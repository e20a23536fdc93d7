// The audit trail as a table an inspector reads (Annex 11: who, what, when, old → new, reason), each change
// on its own line, with the transaction that made it and its block one click away.
import { paths } from '../app/object-paths';
import { Link } from '../router/router';
import { Hash } from '../ui/Hash';
import { Instant } from '../ui/Instant';
import type { AuditEntry } from './audit-operations';

const shown = (value: string | null): string => (value === null ? '∅ (removed)' : value);

export function AuditTrail({ entries, showObject = false }: { readonly entries: readonly AuditEntry[]; readonly showObject?: boolean }) {
  if (entries.length === 0)
    return (
      <p className="muted" data-testid="audit-empty">
        No change recorded.
      </p>
    );
  return (
    <div className="table-wrap">
      <table className="audit" data-testid="audit-trail">
        <thead>
          <tr>
            <th>When</th>
            {showObject && <th>Object</th>}
            <th>Who</th>
            <th>What</th>
            <th>Old → new</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={`${entry.transactionId}/${entry.objectType}/${entry.objectId}`}>
              <td>
                <Instant at={entry.at} />
                <div>
                  <Link to={paths.transaction(entry.transactionId)}>
                    <Hash value={entry.transactionId} keep={6} />
                  </Link>{' '}
                  <span className="muted">
                    in <Link to={paths.block(entry.blockNumber)}>block {entry.blockNumber}</Link>
                  </span>
                </div>
              </td>
              {showObject && (
                <td>
                  {entry.objectType} <code>{entry.objectId}</code>
                </td>
              )}
              <td>
                {entry.printedName && entry.printedName !== entry.who ? (
                  <>
                    {entry.printedName} <span className="muted">({entry.who})</span>
                  </>
                ) : (
                  entry.who
                )}
                <div className="muted">{[entry.role, entry.organisation].filter(Boolean).join(', ')}</div>
              </td>
              <td>
                {entry.what}
                {entry.transaction && (
                  <div className="muted">
                    <code>{entry.transaction}</code>
                  </div>
                )}
              </td>
              <td>
                {entry.changes.length > 0 ? (
                  <ul className="changes">
                    {entry.changes.map((c) => (
                      <li key={c.field}>
                        <span className="change-field">{c.field}</span>{' '}
                        {/* A field that did not exist before was set, not changed: only its value is shown. */}
                        {c.old === null ? (
                          <ins>{c.new}</ins>
                        ) : (
                          <>
                            <del>{c.old}</del> → <ins>{shown(c.new)}</ins>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : entry.detail ? (
                  <span className="detail">{entry.detail}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{entry.reason ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
