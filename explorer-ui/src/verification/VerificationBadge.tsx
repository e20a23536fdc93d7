// Whether the off-chain copy of an object still matches the ledger: the gateway reads the object from the peers,
// compares it field by field with PostgreSQL's copies and recomputes the hash of every document it cites. Checked
// when the badge shows and again on request; every differing field is named with both values.
import type { VerificationQuery } from '../graphql/generated/operations';
import { useQuery } from '../graphql/use-query';
import { Hash } from '../ui/Hash';
import { Instant } from '../ui/Instant';
import { QueryStatus } from '../ui/QueryStatus';
import { VERIFICATION } from './verification-operations';

/** `objectType` as the ledger names it (donation, pool, lot, unit, test-result, ...). */
export function VerificationBadge({ objectType, objectId }: { readonly objectType: string; readonly objectId: string }) {
  const query = useQuery(VERIFICATION, { objectType, objectId });
  const verification = query.data?.verification;
  return (
    <section className="verification" aria-label="Verification against the ledger" data-testid="verification" aria-busy={query.loading}>
      <QueryStatus query={query} what="the verification against the ledger" />
      {verification && <Outcome verification={verification} />}
      {verification && (
        <button type="button" className="quiet" onClick={query.reload} disabled={query.loading}>
          {query.loading ? 'Checking…' : 'Check again'}
        </button>
      )}
    </section>
  );
}

function Outcome({ verification: v }: { readonly verification: VerificationQuery['verification'] }) {
  const fields = v.differences.length;
  return (
    <>
      <p>
        <span className={`badge ${v.verified ? 'good' : 'stop'}`} data-testid="verification-status">
          {v.verified ? 'verified' : 'differs'}
        </span>{' '}
        {v.verified
          ? 'The off-chain copy matches the ledger.'
          : `The off-chain copy differs from the ledger${fields > 0 ? ` in ${fields} field${fields === 1 ? '' : 's'}` : ''}.`}{' '}
        <span className="muted">
          Checked <Instant at={v.checkedAt} />.
        </span>
      </p>
      {fields > 0 && <Differences differences={v.differences} />}
      <details>
        <summary>
          {v.checks.length} checks · ledger digest {v.ledgerDigest ? <Hash value={v.ledgerDigest} /> : 'none'}
        </summary>
        <ul className="changes" data-testid="verification-checks">
          {v.checks.map((check) => (
            <li key={check.name}>
              <span className={`badge ${check.passed ? 'good' : 'stop'}`}>{check.passed ? 'pass' : 'fail'}</span>{' '}
              <strong>{check.name}</strong>: <span className="muted">{check.detail}</span>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

/** JSON text as it reads best: strings without their quotes, nothing as a dash. */
const shown = (json: string | null) => {
  if (json === null) return <span className="muted">—</span>;
  const value: unknown = JSON.parse(json);
  return <code className="detail">{typeof value === 'string' ? value : json}</code>;
};

function Differences({ differences }: { readonly differences: VerificationQuery['verification']['differences'] }) {
  return (
    <div className="table-wrap">
      <table data-testid="verification-differences">
        <thead>
          <tr>
            <th>Field</th>
            <th>On the ledger</th>
            <th>Off-chain</th>
            <th>Where</th>
          </tr>
        </thead>
        <tbody>
          {differences.map((d) => (
            <tr key={`${d.source}/${d.field}`}>
              <td>
                <code className="change-field">{d.field}</code>
              </td>
              <td>{shown(d.ledger)}</td>
              <td>{shown(d.offChain)}</td>
              <td className="muted">{d.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
