// A plasma pool: its status, count, volume and Merkle root over its bags, and its history.
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { RecordFacts } from '../../ledger/RecordFacts';
import { useLedgerObject } from '../../ledger/ledger-object';
import { Link } from '../../router/router';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { VerificationBadge } from '../../verification/VerificationBadge';

export function PoolPage({ din }: { readonly din: string }) {
  const { query, record: pool } = useLedgerObject<{ status: string } & Record<string, unknown>>('pool', din);
  return (
    <Page kicker="Pool" title={<code>{din}</code>} actions={<>
      {pool && <StatusBadge status={pool.status} />}
      <Link className="button" to={paths.lineage('pool', din)}>Lineage</Link>
    </>}>
      <QueryStatus query={query} what="the pool" />
      {pool === null && <Panel><p className="notice">No pool {din} is recorded.</p></Panel>}
      {pool && (
        <div className="grid">
          <Panel title="Pool" className="wide">
            {/* Chunk roots are the Merkle evidence of membership, read by machines rather than people. */}
            <RecordFacts record={pool} omit={['chunkRoots']} />
            <VerificationBadge objectType="pool" objectId={din} />
          </Panel>
          <ObjectHistory objectType="pool" objectId={din} />
        </div>
      )}
    </Page>
  );
}
