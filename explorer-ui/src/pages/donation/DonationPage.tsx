// A donation (one plasma bag): its status and the nine items the bag scan recorded, where its life cycle has taken
// it (screening, storage, shipment, holds, label correction, release, pool, interdiction, destruction), its re-tests
// at the factory, its verification against the ledger, its time line and audit trail, its signatures, and the way to
// its lineage.
import type { ReactNode } from 'react';
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { EpcisExportButton } from '../../epcis/EpcisExportButton';
import type { DonationQuery } from '../../graphql/generated/operations';
import { useQuery } from '../../graphql/use-query';
import { SubjectTests } from '../../laboratory/SubjectTests';
import { useSession } from '../../session/session';
import { CustodianActions } from './CustodianActions';
import { Corrections } from './Corrections';
import { Link } from '../../router/router';
import { Signatures } from '../../signatures/Signatures';
import { VerificationBadge } from '../../verification/VerificationBadge';
import { Din } from '../../ui/Din';
import { Facts } from '../../ui/Facts';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { DONATION } from './donation-operations';

const minutes = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** Each step of its life cycle the bag has been through, as the ledger recorded it. */
function lifeCycle(d: NonNullable<DonationQuery['donation']>): [string, ReactNode][] {
  const facts: [string, ReactNode][] = [];
  if (d.screening)
    facts.push([
      'Screening',
      <span key="s">
        {d.screening.conclusion} ({d.screening.analytes.join(', ')}), <Instant at={d.screening.screenedAt} />
      </span>,
    ]);
  if (d.storage)
    facts.push([
      'Storage',
      <span key="st">
        {d.storage.location} at {d.storage.temperatureC} °C, <Instant at={d.storage.storedAt} />
      </span>,
    ]);
  if (d.custodian) facts.push(['Custodian', d.custodian]);
  if (d.shipmentId)
    facts.push([
      'Shipment',
      <Link key="sh" to={paths.shipment(d.shipmentId)}>
        <code>{d.shipmentId}</code>
      </Link>,
    ]);
  if (d.receivedAt) facts.push(['Received', <Instant key="r" at={d.receivedAt} />]);
  if (d.hold) {
    facts.push([
      'Hold',
      <span key="h">
        {d.hold.kind} hold since <Instant at={d.hold.since} />, from {d.hold.from}
        {d.hold.excursion && (
          <>
            : {d.hold.excursion.maxTemperatureC} °C for {d.hold.excursion.durationHours} h at {d.hold.excursion.location}
          </>
        )}
      </span>,
    ]);
  }
  if (d.excursionCount) facts.push(['Excursions', String(d.excursionCount)]);
  if (d.release)
    facts.push([
      'Released',
      <span key="re">
        <Instant at={d.release.releasedAt} /> ({d.release.jurisdiction}, {d.release.holdDays} days' hold; later negative donation{' '}
        <Link to={paths.donation(d.release.laterNegativeDin)}>
          <code>{d.release.laterNegativeDin}</code>
        </Link>
        )
      </span>,
    ]);
  if (d.poolDin)
    facts.push([
      'Pool',
      <Link key="p" to={paths.pool(d.poolDin)}>
        <code>{d.poolDin}</code>
      </Link>,
    ]);
  if (d.interdiction)
    facts.push([
      'Interdicted',
      <span key="i">
        <Instant at={d.interdiction.at} /> by look-back <Link to={paths.lookBack(d.interdiction.caseId)}>{d.interdiction.caseId}</Link>:{' '}
        {d.interdiction.reason}
      </span>,
    ]);
  if (d.labelCorrection)
    facts.push([
      'Label corrected',
      <span key="lc">
        <Instant at={d.labelCorrection.correctedAt} />: the label showed “{d.labelCorrection.found}”, reprinted as{' '}
        <code>{d.labelCorrection.reprintedDin}</code> {d.labelCorrection.reprintedProductCode}: {d.labelCorrection.reason}
      </span>,
    ]);
  if (d.destruction)
    facts.push([
      'Destroyed',
      <span key="de">
        <Instant at={d.destruction.destroyedAt} />, {d.destruction.method}: {d.destruction.reason}
      </span>,
    ]);
  if (d.lateEntry) facts.push(['Late entry', d.lateEntry.reason]);
  return facts;
}

export function DonationPage({ din }: { readonly din: string }) {
  const session = useSession();
  const query = useQuery(DONATION, { din });
  const donation = query.data?.donation;

  if (query.data && donation === null) {
    return (
      <Page kicker="Donation" title={din}>
        <Panel>
          <p className="notice">No donation {din} is recorded.</p>
        </Panel>
      </Page>
    );
  }
  return (
    <Page
      kicker="Donation"
      title={donation ? <Din din={donation.din} checkCharacter={donation.checkCharacter} /> : din}
      actions={
        donation && (
          <>
            <StatusBadge status={donation.status} />
            <Link className="button" to={paths.lineage('donation', donation.din)}>
              Lineage
            </Link>
            <EpcisExportButton kind="donation" id={donation.din} />
          </>
        )
      }
    >
      <QueryStatus query={query} what="the donation" />
      {donation && (
        <div className="grid">
          <Panel title="Collection">
            <Facts
              items={[
                ['Station', `${donation.station} (facility ${donation.facility})`],
                ['Operator', donation.operator],
                ['Product code', <code key="p">{donation.productCode}</code>],
                ['Volume', `${donation.volumeMl} mL`],
                [
                  'Collection',
                  <span key="c">
                    <Instant at={donation.collectionStart} /> – <Instant at={donation.collectionEnd} /> (
                    {minutes(donation.collectionStart, donation.collectionEnd)} min)
                  </span>,
                ],
                ['Apheresis device', <code key="d">{donation.deviceSerial}</code>],
                ['Anticoagulant lot', <code key="a">{donation.anticoagulantLot}</code>],
                ['Donor pseudonym', <Hash key="h" value={donation.donorPseudonym} />],
              ]}
            />
          </Panel>
          <Panel title="Life cycle">
            {lifeCycle(donation).length === 0 ? (
              <p className="muted">Collected: nothing else recorded yet.</p>
            ) : (
              <Facts items={lifeCycle(donation)} />
            )}
          </Panel>
          <Panel title="On the ledger">
            <Facts
              items={[
                ['Recorded', <Instant key="r" at={donation.recordedAt} />],
                [
                  'Transaction',
                  <Link key="t" to={paths.transaction(donation.recordedTxId)}>
                    <Hash value={donation.recordedTxId} />
                  </Link>,
                ],
              ]}
            />
            <VerificationBadge objectType="donation" objectId={donation.din} />
          </Panel>
          <Panel title="Electronic signatures">
            {donation.lateEntry || donation.destruction ? (
              <Signatures
                signatures={[
                  ...(donation.lateEntry ? [donation.lateEntry.signature] : []),
                  ...(donation.destruction ? [donation.destruction.signature] : []),
                ]}
              />
            ) : (
              <p className="muted">None: only a late entry and a destruction are signed.</p>
            )}
          </Panel>
          <Panel title="Re-tests at the factory">
            <SubjectTests
              kind="DONATION"
              id={donation.din}
              none="No re-test is recorded for this bag."
              recordable={(donation.custodian ?? donation.station) === session.person.organisation.mspId}
              onChanged={query.reload}
            />
          </Panel>
          <CustodianActions donation={donation} onChanged={query.reload} />
          <Corrections donation={donation} onChanged={query.reload} />
          <ObjectHistory objectType="donation" objectId={donation.din} />
        </div>
      )}
    </Page>
  );
}
