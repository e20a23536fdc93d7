// The lot release dossier: everything QA, the QP and the regulator need to release a lot, on one page: the lot, its
// source plasma and the pools' NAT, the batch record with its hash chain and deviations, QC results against
// specification, temperature excursions, signatures made so far, the actions each person may take, and the audit trail.
// Printable, as the file that goes with the lot.
import { paths } from '../../app/object-paths';
import { AuditTrail } from '../../audit/AuditTrail';
import { useAuditTrail } from '../../audit/use-audit-trail';
import { useQuery } from '../../graphql/use-query';
import { SubjectTests } from '../../laboratory/SubjectTests';
import { UPSTREAM_OF_LOT } from '../../lineage/lineage-operations';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { BatchRecord } from './BatchRecord';
import { LotActions } from './LotActions';
import { LotColdChain } from './LotColdChain';
import { LOT } from './dossier-operations';
import { LotSummary } from './LotSummary';
import { ReleaseSigning } from './ReleaseSigning';
import { SourcePlasma } from './SourcePlasma';

export function LotReleasePage({ lotId }: { readonly lotId: string }) {
  const session = useSession();
  const query = useQuery(LOT, { lotId });
  const release = query.data?.lot;
  const lot = query.data === undefined ? undefined : (release?.lot ?? null);
  const upstream = useQuery(UPSTREAM_OF_LOT, { lotId });
  const trail = useAuditTrail('lot', lotId);
  const sourceDonations = upstream.data?.upstreamOfLot.pools.flatMap((p) => p.donations);
  // The cold chain of the lot starts with the first collection of its plasma (the lot's own creation when it has none).
  const firstCollection = sourceDonations && lot ? (sourceDonations.map((d) => d.collectionEnd).sort()[0] ?? lot.createdAt) : undefined;
  const stations = [...new Set(sourceDonations?.map((d) => d.station))];
  // A lot's QC is its own factory's laboratory's, or the regulator's lot-release laboratory's (批签发).
  const own = session.person.organisation;
  const testsLot = lot != null && (own.mspId === lot.factory || own.kind === 'regulator');
  const reload = (): void => {
    query.reload();
    trail.reload();
  };

  return (
    <Page
      kicker="Lot release dossier"
      title={lotId}
      actions={
        <>
          {lot && <StatusBadge status={lot.status} />}
          <Link className="button" to={paths.lot(lotId)}>
            Lot page
          </Link>
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
        </>
      }
    >
      <QueryStatus query={query} what="the lot" />
      {lot === null && (
        <Panel>
          <p className="notice">No lot {lotId} is recorded.</p>
        </Panel>
      )}
      {lot && (
        <div className="dossier">
          <Panel title="1 · Lot and product" aside={<LotActions lot={lot} onChange={reload} />}>
            <LotSummary lot={lot} />
          </Panel>
          <Panel title="2 · Source plasma">
            <QueryStatus query={upstream} what="the source plasma" />
            {upstream.data && <SourcePlasma pools={upstream.data.upstreamOfLot.pools} />}
            <h3>Pool NAT</h3>
            {lot.pools.map((pool) => (
              <div key={pool} className="pool-tests" data-testid="pool-nat" data-pool={pool}>
                <div>
                  Pool{' '}
                  <Link to={paths.pool(pool)}>
                    <code>{pool}</code>
                  </Link>
                </div>
                {/* A pool's NAT is recorded on the pool's page, before a lot is made of it. */}
                <SubjectTests kind="POOL" id={pool} none="No NAT result is recorded for this pool." recordable={false} onChanged={reload} />
              </div>
            ))}
          </Panel>
          <Panel title="3 · Electronic batch record">
            <BatchRecord lot={lot} onChange={reload} />
          </Panel>
          <Panel title="4 · Quality control">
            <div data-testid="lot-qc">
              <SubjectTests
                kind="LOT"
                id={lot.lotId}
                none="No QC result is recorded for this lot yet."
                recordable={testsLot}
                onChanged={reload}
              />
            </div>
          </Panel>
          <Panel title="5 · Cold chain">
            {firstCollection ? (
              <LotColdChain lot={lot} firstCollection={firstCollection} stations={stations} />
            ) : (
              <QueryStatus query={upstream} what="the source plasma" />
            )}
          </Panel>
          <Panel title="6 · Signatures">
            <ReleaseSigning lot={lot} waiting={release?.signedWaiting ?? []} onSigned={reload} />
          </Panel>
          <Panel title="7 · Audit trail of the lot" className="wide">
            <QueryStatus query={trail} what="the audit trail" />
            {trail.data && <AuditTrail entries={trail.data.auditTrail} />}
          </Panel>
        </div>
      )}
    </Page>
  );
}
