// The lineage of one object as a graph: a vial or a lot back to every plasma bag (and a lot on to its vials), a pool
// back to its bags and on to the lots made from it and their vials, a bag forward to its pool, lots and vials.
import { lazy, Suspense } from 'react';
import { objectPage } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { donationLineage, lotLineage, poolLineage, vialLineage } from '../../lineage/lineage-builders';
import type { Lineage } from '../../lineage/lineage-model';
import { DOWNSTREAM_OF_DONATION, UPSTREAM_OF_LOT, UPSTREAM_OF_POOL, UPSTREAM_OF_UNIT } from '../../lineage/lineage-operations';
import { Link } from '../../router/router';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { DONATION_SUMMARY } from '../donation/donation-operations';

// ELK is most of the explorer's weight: it loads with the first lineage shown, not with the login page.
const LineageView = lazy(() => import('../../lineage/LineageView').then((m) => ({ default: m.LineageView })));

function Graph({ lineage, summary }: { readonly lineage: Lineage; readonly summary: string }) {
  return (
    <>
      <p className="muted" data-testid="lineage-summary">
        {summary} Click a group to open it, an object to go to its page.
      </p>
      <Suspense fallback={<div className="loading">Laying the graph out…</div>}>
        <LineageView lineage={lineage} />
      </Suspense>
    </>
  );
}

const count = (n: number, what: string): string => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;

function DonationLineage({ din }: { readonly din: string }) {
  const donation = useQuery(DONATION_SUMMARY, { din });
  const downstream = useQuery(DOWNSTREAM_OF_DONATION, { din });
  const found = donation.data?.donation;
  const forward = downstream.data?.downstreamOfDonation;
  return (
    <>
      <QueryStatus query={donation} what="the donation" />
      <QueryStatus query={downstream} what="where the donation went" />
      {donation.data && !found && <p className="notice">No donation {din} is recorded.</p>}
      {found && forward && (
        <Graph
          lineage={donationLineage(found, forward)}
          summary={`Into ${count(forward.pools.length, 'pool')}, ${count(forward.lots.length, 'lot')} and ${count(forward.unitCount, 'vial')}.`}
        />
      )}
    </>
  );
}

function VialLineage({ code }: { readonly code: string }) {
  const query = useQuery(UPSTREAM_OF_UNIT, { code });
  const upstream = query.data?.upstreamOfUnit;
  return (
    <>
      <QueryStatus query={query} what="the vial's sources" />
      {query.data && !upstream && <p className="notice">No vial {code} is commissioned.</p>}
      {upstream && (
        <Graph
          lineage={vialLineage(code, upstream)}
          summary={`Lot ${upstream.lotId}, from ${count(upstream.pools.length, 'pool')} of ${count(upstream.donationCount, 'donation')}.`}
        />
      )}
    </>
  );
}

function LotLineage({ lotId }: { readonly lotId: string }) {
  const query = useQuery(UPSTREAM_OF_LOT, { lotId });
  const upstream = query.data?.upstreamOfLot;
  // Every bag of the lot's pools went into the lot, so the forward lineage of any one of them names its vials.
  const anyDin = upstream?.pools.find((p) => p.donations.length > 0)?.donations[0]?.din ?? '';
  const forward = useQuery(DOWNSTREAM_OF_DONATION, { din: anyDin }, { skip: anyDin === '' });
  const units = forward.data?.downstreamOfDonation.lots.find((l) => l.lotId === lotId)?.unitCodes ?? [];
  return (
    <>
      <QueryStatus query={query} what="the lot's sources" />
      <QueryStatus query={forward} what="the lot's vials" />
      {upstream && upstream.pools.length === 0 && <p className="notice">No lot {lotId} made from a pool is recorded.</p>}
      {upstream && upstream.pools.length > 0 && (anyDin === '' || forward.data) && (
        <Graph
          lineage={lotLineage(upstream, units)}
          summary={`From ${count(upstream.pools.length, 'pool')} of ${count(upstream.donationCount, 'donation')}, into ${count(units.length, 'vial')}.`}
        />
      )}
    </>
  );
}

function PoolLineage({ poolDin }: { readonly poolDin: string }) {
  const query = useQuery(UPSTREAM_OF_POOL, { poolDin });
  const pool = query.data?.upstreamOfPool;
  // Every bag of the pool went into each lot made from it, so the forward lineage of any one of them names those lots.
  const anyDin = pool?.donations[0]?.din ?? '';
  const forward = useQuery(DOWNSTREAM_OF_DONATION, { din: anyDin }, { skip: anyDin === '' });
  const downstream = forward.data?.downstreamOfDonation;
  const lots = downstream?.lots.filter((l) => pool && l.poolDins.includes(pool.poolDin)) ?? [];
  return (
    <>
      <QueryStatus query={query} what="the pool's bags" />
      <QueryStatus query={forward} what="the lots made from the pool" />
      {query.data && !pool && <p className="notice">No pool {poolDin} is recorded.</p>}
      {pool && (anyDin === '' || downstream) && (
        <Graph
          lineage={poolLineage(pool, downstream)}
          summary={`From ${count(pool.donationCount, 'donation')}, into ${count(lots.length, 'lot')} and ${count(
            lots.reduce((n, l) => n + l.unitCodes.length, 0),
            'vial',
          )}.`}
        />
      )}
    </>
  );
}

export function LineagePage({ kind, id }: { readonly kind: string; readonly id: string }) {
  const page = objectPage(kind, id);
  return (
    <Page
      kicker={`Lineage of ${kind}`}
      title={<code>{id}</code>}
      actions={
        page && (
          <Link className="button" to={page}>
            {kind} page
          </Link>
        )
      }
    >
      <Panel title="Bag → pool → lot → vial">
        {kind === 'donation' && <DonationLineage din={id} />}
        {kind === 'vial' && <VialLineage code={id} />}
        {kind === 'lot' && <LotLineage lotId={id} />}
        {kind === 'pool' && <PoolLineage poolDin={id} />}
      </Panel>
    </Page>
  );
}
