// A look-back report: the case (donor, reason, window, progress, the hash chain over its findings), the donor's
// donations with those inside the window, the pools that hold them, the lots made from those pools and their
// vials, where those vials went (cases, shipments, consignees), and the case's history. Printed as the case file. The
// regulator concludes a complete case here, signing the conclusion.
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { useQuery } from '../../graphql/use-query';
import { DOWNSTREAM_OF_DONOR } from '../../lineage/lineage-operations';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { Signatures } from '../../signatures/Signatures';
import { Facts } from '../../ui/Facts';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { AffectedDonation } from './AffectedDonation';
import { ConcludeLookBack } from './ConcludeLookBack';
import { LOOK_BACK_CASE } from './look-back-operations';
import { WhereVialsWent } from './WhereVialsWent';

/** Whose bags the case reaches, by the kind of its scope. */
const SCOPES: Readonly<Record<string, string>> = {
  consortium: "every member's bags",
  station: 'the bags it collected',
  custodian: 'the bags in its custody',
};

export function LookBackReportPage({ caseId }: { readonly caseId: string }) {
  const session = useSession();
  const query = useQuery(LOOK_BACK_CASE, { caseId });
  const lookBack = query.data?.lookBackCase;
  const concludes = lookBack?.status === 'complete' && !lookBack.conclusion && session.may('LookBack:ConcludeLookBack');
  const pseudonym = lookBack?.donorPseudonym ?? '';
  const downstream = useQuery(DOWNSTREAM_OF_DONOR, { pseudonym }, { skip: pseudonym === '' });
  const affected = downstream.data?.downstreamOfDonor;

  return (
    <Page
      kicker="Look-back report"
      title={caseId}
      actions={
        <>
          {lookBack && <StatusBadge status={lookBack.status} />}
          <button type="button" onClick={() => window.print()}>
            Print report
          </button>
        </>
      }
    >
      <QueryStatus query={query} what="the look-back case" />
      {lookBack === null && (
        <Panel>
          <p className="notice">No look-back case {caseId} is indexed.</p>
        </Panel>
      )}
      {lookBack && (
        <div className="report" data-testid="look-back-report">
          <Panel title="Case">
            <Facts
              items={[
                ['Donor pseudonym', <Hash key="d" value={lookBack.donorPseudonym} />],
                ['Reason', lookBack.reason],
                [
                  'Window',
                  <span key="w">
                    <Instant at={lookBack.window.from} /> – <Instant at={lookBack.window.to} /> ({lookBack.jurisdiction})
                  </span>,
                ],
                ['Opened by', `${lookBack.scope.mspId}, reaching ${SCOPES[lookBack.scope.kind]}`],
                ['Opened', <Instant key="o" at={lookBack.openedAt} />],
                ['Completed', lookBack.completedAt ? <Instant key="c" at={lookBack.completedAt} /> : 'not yet'],
                [
                  'Found',
                  `${lookBack.counts.donations} donations, ${lookBack.counts.pools} pools, ${lookBack.counts.lots} lots in ${lookBack.steps} steps`,
                ],
                [
                  'Findings',
                  <span key="f">
                    {lookBack.itemCount} items, chain <Hash value={lookBack.itemsDigest} keep={8} />
                  </span>,
                ],
                [
                  'Conclusion',
                  lookBack.conclusion ? (
                    <span key="k">
                      {lookBack.conclusion.outcome}, <Instant at={lookBack.conclusion.concludedAt} />: {lookBack.conclusion.reason}
                    </span>
                  ) : (
                    'not concluded by the regulator yet'
                  ),
                ],
              ]}
            />
            {lookBack.conclusion && <Signatures signatures={[lookBack.conclusion.signature]} />}
          </Panel>
          {concludes && (
            <Panel title="Conclude the case">
              <ConcludeLookBack caseId={caseId} onConcluded={query.reload} />
            </Panel>
          )}
          <QueryStatus query={downstream} what="where the donor's plasma went" />
          {affected && (
            <>
              <Panel title={`Donations of the donor (${affected.donations.length})`}>
                <div className="table-wrap">
                  <table data-testid="affected-donations">
                    <thead>
                      <tr>
                        <th>DIN</th>
                        <th>Station</th>
                        <th>Collected</th>
                        <th>Status</th>
                        <th>Window</th>
                      </tr>
                    </thead>
                    <tbody>
                      {affected.donations.map((din) => (
                        <AffectedDonation key={din} din={din} window={lookBack.window} />
                      ))}
                    </tbody>
                  </table>
                </div>
              </Panel>
              <Panel title={`Pools (${affected.pools.length})`}>
                {affected.pools.length === 0 ? (
                  <p className="muted">None of the donor's donations was pooled.</p>
                ) : (
                  <ul className="plain">
                    {affected.pools.map((p) => (
                      <li key={p}>
                        <Link to={paths.pool(p)}>
                          <code>{p}</code>
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </Panel>
              <Panel title={`Lots (${affected.lots.length}) and vials (${affected.unitCount.toLocaleString('en')})`}>
                {affected.lots.length === 0 ? (
                  <p className="muted">No lot was made from those pools.</p>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th>Lot</th>
                        <th>From pools</th>
                        <th>Vials</th>
                      </tr>
                    </thead>
                    <tbody>
                      {affected.lots.map((lot) => (
                        <tr key={lot.lotId}>
                          <td>
                            <Link to={paths.lot(lot.lotId)}>{lot.lotId}</Link>
                          </td>
                          <td>
                            {lot.poolDins.map((p) => (
                              <code key={p}>{p} </code>
                            ))}
                          </td>
                          <td>{lot.unitCodes.length.toLocaleString('en')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Panel>
            </>
          )}
          {affected && (
            <Panel title="Where the vials went">
              <WhereVialsWent lotIds={affected.lots.map((lot) => lot.lotId)} />
            </Panel>
          )}
          <ObjectHistory objectType="look-back-case" objectId={caseId} />
        </div>
      )}
    </Page>
  );
}
