// A pool back to its bags (upstreamOfPool): the summary the lot's release shows for each of its pools, then the bags
// the reader's organisation reads, each linked to its page (the first hundred: a production pool holds thousands).
import { paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { UPSTREAM_OF_POOL } from '../../lineage/lineage-operations';
import { Link } from '../../router/router';
import { QueryStatus } from '../../ui/QueryStatus';
import { SourcePlasma } from '../lot/SourcePlasma';

const LISTED = 100;

export function PoolBags({ poolDin }: { readonly poolDin: string }) {
  const query = useQuery(UPSTREAM_OF_POOL, { poolDin });
  const sources = query.data?.upstreamOfPool;
  return (
    <>
      <QueryStatus query={query} what="the pool's bags" />
      {sources && sources.donationCount === 0 && <p className="muted">No bag is in this pool yet.</p>}
      {sources && sources.donationCount > 0 && (
        <>
          <SourcePlasma pools={[sources]} />
          <ul className="plain" data-testid="pool-bags">
            {sources.donations.slice(0, LISTED).map((d) => (
              <li key={d.din}>
                <Link to={paths.donation(d.din)}>
                  <code>{d.din}</code>
                </Link>
              </li>
            ))}
          </ul>
          {sources.donations.length > LISTED && (
            <p className="muted">
              The first {LISTED} of the {sources.donations.length.toLocaleString('en')} bags read here are listed; each bag&apos;s own page
              names its pool.
            </p>
          )}
        </>
      )}
    </>
  );
}
