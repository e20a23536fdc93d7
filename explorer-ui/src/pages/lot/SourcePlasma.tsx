// The source plasma of a lot (for its release) or of one pool: per pool, how many bags, from which stations, collected
// when, and in which status, so a reviewer sees at once that every bag was released before pooling.
import { paths } from '../../app/object-paths';
import type { PoolSources } from '../../lineage/lineage-operations';
import { Link } from '../../router/router';
import { Instant } from '../../ui/Instant';

const tally = (values: readonly string[]): string =>
  [...values.reduce((counts, v) => counts.set(v, (counts.get(v) ?? 0) + 1), new Map<string, number>())]
    .map(([value, n]) => `${n.toLocaleString('en')} ${value}`)
    .join(', ');

export function SourcePlasma({ pools }: { readonly pools: readonly PoolSources[] }) {
  if (pools.length === 0) return <p className="muted">No pool is linked to this lot.</p>;
  // A station's or the factory's people read some bags only (read scopes): the counts are whole, the rest is of those.
  const partial = pools.some((pool) => pool.donations.length < pool.donationCount);
  return (
    <div className="table-wrap">
      <table data-testid="source-plasma">
        <thead>
          <tr>
            <th>Pool</th>
            <th>Bags</th>
            <th>Stations</th>
            <th>Collected</th>
            <th>Status of the bags</th>
          </tr>
        </thead>
        <tbody>
          {pools.map((pool) => {
            const ends = pool.donations.map((d) => d.collectionEnd).sort();
            return (
              <tr key={pool.poolDin}>
                <td>
                  <Link to={paths.pool(pool.poolDin)}>
                    <code>{pool.poolDin}</code>
                  </Link>
                </td>
                <td>
                  {pool.donationCount.toLocaleString('en')}
                  {pool.donations.length < pool.donationCount && `, ${pool.donations.length.toLocaleString('en')} read here`} (
                  {(pool.donations.reduce((s, d) => s + d.volumeMl, 0) / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} L)
                </td>
                <td>{tally(pool.donations.map((d) => d.station))}</td>
                <td>
                  {ends.length > 0 && (
                    <>
                      <Instant at={ends[0]} /> – <Instant at={ends.at(-1)} />
                    </>
                  )}
                </td>
                <td>{tally(pool.donations.map((d) => d.status))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {partial && (
        <p className="muted" data-testid="source-plasma-partial">
          Your organisation reads some of these bags only: volumes, stations, dates and statuses are of those it reads.
        </p>
      )}
    </div>
  );
}
