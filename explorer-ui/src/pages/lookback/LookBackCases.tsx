// The look-back cases the reader may see, the last opened first: those still open (in progress, or complete and waiting
// for the regulator's conclusion), those concluded, or all; each links to its report.
import { useState } from 'react';
import { paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { ChoiceSelect } from '../../ui/ChoiceSelect';
import { Instant } from '../../ui/Instant';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { LOOK_BACK_CASES } from './look-back-operations';

/** Which cases the list shows: the query's `concluded` for each, and its words. */
const CONCLUDED = { open: false, concluded: true, all: null } as const;
type Shown = keyof typeof CONCLUDED;
const LABELS: Readonly<Record<Shown, string>> = { open: 'Not concluded', concluded: 'Concluded', all: 'All' };

export function LookBackCases() {
  const [shown, setShown] = useState<Shown>('open');
  const query = useQuery(LOOK_BACK_CASES, { concluded: CONCLUDED[shown] });
  const cases = query.data?.lookBackCases;
  return (
    <>
      <div className="filters">
        <label>
          Show
          <ChoiceSelect choices={LABELS} value={shown} onChange={(chosen) => setShown(chosen ?? 'open')} label="Which cases" />
        </label>
      </div>
      <QueryStatus query={query} what="the look-back cases" />
      {cases?.length === 0 && <p className="muted">No case here.</p>}
      {cases && cases.length > 0 && (
        <div className="table-wrap">
          <table data-testid="look-back-cases">
            <thead>
              <tr>
                <th>Case</th>
                <th>Opened</th>
                <th>By</th>
                <th>Reason</th>
                <th>Found</th>
                <th>Status</th>
                <th>Conclusion</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.caseId}>
                  <td>
                    <Link to={paths.lookBack(c.caseId)}>{c.caseId}</Link>
                  </td>
                  <td>
                    <Instant at={c.openedAt} />
                  </td>
                  <td>{c.scope.mspId}</td>
                  <td>{c.reason}</td>
                  <td>
                    {c.counts.donations} donations, {c.counts.pools} pools, {c.counts.lots} lots
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>
                    {c.conclusion ? (
                      <>
                        {c.conclusion.outcome}, <Instant at={c.conclusion.concludedAt} />
                      </>
                    ) : c.status === 'complete' ? (
                      'waiting for the regulator'
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
