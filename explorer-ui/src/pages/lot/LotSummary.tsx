// What a lot is at a glance, for its page and its release dossier alike: product, pools, status, holds, batch
// record and recall.
import { paths } from '../../app/object-paths';
import { Link } from '../../router/router';
import { Facts } from '../../ui/Facts';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { StatusBadge } from '../../ui/StatusBadge';
import type { LotRecord } from './lot-record';

export function LotSummary({ lot }: { readonly lot: LotRecord }) {
  return (
    <>
      <Facts
        items={[
          ['Product', lot.product.name],
          ['Expiry', lot.product.expiry],
          ['GTIN', lot.product.gtin ? <code key="g">{lot.product.gtin}</code> : '—'],
          ['Status', <StatusBadge key="s" status={lot.status} />],
          ['Factory', `${lot.factory} (${lot.jurisdiction})`],
          ['Made', <Instant key="m" at={lot.createdAt} />],
          [
            'Pools',
            <span key="p">
              {lot.pools.map((p, i) => (
                <span key={p}>
                  {i > 0 && ', '}
                  <Link to={paths.pool(p)}>
                    <code>{p}</code>
                  </Link>
                </span>
              ))}
            </span>,
          ],
          [
            'Batch record',
            <span key="b">
              {lot.stepCount} step{lot.stepCount === 1 ? '' : 's'}, chain <Hash value={lot.ebrDigest} keep={6} />
            </span>,
          ],
          ['Open deviations', lot.openDeviations.length === 0 ? 'none' : lot.openDeviations.join(', ')],
          ['Vials', lot.unitCount.toLocaleString('en')],
        ]}
      />
      {lot.holds.length > 0 && (
        <ul className="plain holds">
          {lot.holds.map((h) => (
            <li key={`${h.kind}/${h.ref}`}>
              <StatusBadge status={`${h.kind} hold`} /> {h.reason}{' '}
              <span className="muted">
                since <Instant at={h.since} /> ({h.ref})
              </span>
            </li>
          ))}
        </ul>
      )}
      {lot.recall && (
        <p className="notice error">
          Recalled <Instant at={lot.recall.recalledAt} />: {lot.recall.reason}
        </p>
      )}
    </>
  );
}
