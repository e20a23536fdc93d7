// A plasma pool: its status, count, volume and Merkle root over its bags, the bags themselves, its NAT results, and
// its history; while it is open, the factory's people fill it by scanning and close it; once closed, its QC
// laboratory records the NAT.
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { SubjectTests } from '../../laboratory/SubjectTests';
import { RecordFacts } from '../../ledger/RecordFacts';
import { useQuery } from '../../graphql/use-query';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { VerificationBadge } from '../../verification/VerificationBadge';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { POOL } from './pool-operations';
import { PoolBags } from './PoolBags';
import { FillPool } from './Pooling';

export function PoolPage({ din }: { readonly din: string }) {
  const query = useQuery(POOL, { poolDin: din });
  const pool = query.data?.pool;
  const session = useSession();
  const fills =
    pool?.status === 'open' &&
    pool.factory === session.person.organisation.mspId &&
    (session.may('Pool:AddToPool') || session.may('Pool:ClosePool'));
  return (
    <Page
      kicker="Pool"
      title={<code>{din}</code>}
      actions={
        pool && (
          <>
            <StatusBadge status={pool.status} />
            <Link className="button" to={paths.lineage('pool', pool.poolDin)}>
              Lineage
            </Link>
          </>
        )
      }
    >
      <QueryStatus query={query} what="the pool" />
      {pool === null && (
        <Panel>
          <p className="notice">No pool {din} is recorded.</p>
        </Panel>
      )}
      {pool && (
        <div className="grid">
          <Panel title="Pool" className="wide">
            {/* Chunk roots are the Merkle evidence of membership, read by machines rather than people. */}
            <RecordFacts record={pool} omit={['chunkRoots']} />
            <VerificationBadge objectType="pool" objectId={din} />
          </Panel>
          {fills && (
            <Panel title="Pooling">
              <FillPool poolDin={pool.poolDin} count={pool.count} onChanged={query.reload} />
            </Panel>
          )}
          <Panel title="Bags" className="wide">
            {/* Read again as bags are scanned in. */}
            <PoolBags key={pool.count} poolDin={pool.poolDin} />
          </Panel>
          <Panel title="NAT results" className="wide">
            <SubjectTests
              kind="POOL"
              id={pool.poolDin}
              none="No NAT result is recorded for this pool."
              recordable={pool.status !== 'open' && pool.factory === session.person.organisation.mspId}
            />
          </Panel>
          <ObjectHistory objectType="pool" objectId={din} />
        </div>
      )}
    </Page>
  );
}
