// The cold chain in a release dossier: the excursions recorded by the cold-chain devices of every site the lot's plasma
// and the lot passed through (the stations that collected its bags, the factory that made it), from the first
// collection of its plasma to its release (or now). The ledger ties readings to devices and sites, not to lots, so
// each excursion is listed with its device for the reviewer to judge.
import { useState } from 'react';
import { EXCURSIONS } from '../../coldchain/cold-chain-operations';
import { ExcursionTable } from '../../coldchain/ExcursionTable';
import { useQuery } from '../../graphql/use-query';
import { Instant } from '../../ui/Instant';
import { QueryStatus } from '../../ui/QueryStatus';
import type { LotRecord } from './lot-record';

/** The most the gateway lists at once; more in the window are not shown, and the page says so. */
const MOST_EXCURSIONS = 1000;

export function LotColdChain({
  lot,
  firstCollection,
  stations,
}: {
  readonly lot: LotRecord;
  readonly firstCollection: string;
  /** MSP IDs of the stations that collected the lot's plasma. */
  readonly stations: readonly string[];
}) {
  const [now] = useState(() => new Date().toISOString());
  const until = lot.regulatorRelease?.releasedAt ?? lot.recall?.recalledAt ?? now;
  const sites = [...new Set([...stations, lot.factory])].sort();
  const query = useQuery(EXCURSIONS, { from: firstCollection, to: until, limit: MOST_EXCURSIONS });
  const devices = query.data?.coldChainDevices.filter((d) => sites.includes(d.site));
  const excursions = query.data?.coldChainExcursions.filter((e) => devices?.some((d) => d.id === e.device));
  return (
    <div data-testid="lot-cold-chain">
      <p className="muted">
        Devices of {sites.join(', ')} ({devices ? devices.map((d) => d.id).join(', ') || 'none registered' : '…'}), from the first
        collection of the lot's plasma, <Instant at={firstCollection} />, to {until === now ? 'now' : <Instant at={until} />}.
      </p>
      <QueryStatus query={query} what="the excursions" />
      {excursions &&
        (excursions.length === 0 ? (
          <p>No temperature excursion was recorded by these devices in that time.</p>
        ) : (
          <ExcursionTable excursions={excursions} devices={devices} />
        ))}
      {query.data?.coldChainExcursions.length === MOST_EXCURSIONS && (
        <p className="notice">More excursions than can be listed at once happened in that time; some may be missing here.</p>
      )}
    </div>
  );
}
