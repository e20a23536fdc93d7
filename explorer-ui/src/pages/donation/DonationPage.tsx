// A donation (one plasma bag): its status and the nine items the bag scan recorded, its verification against
// the ledger, its time line and audit trail, its signatures, and the way to its lineage.
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { EpcisExportButton } from '../../epcis/EpcisExportButton';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { VerificationBadge } from '../../verification/VerificationBadge';
import { Din } from '../../ui/Din';
import { Facts } from '../../ui/Facts';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { NotServed } from '../../ui/NotServed';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { DONATION } from './donation-operations';

const minutes = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

export function DonationPage({ din }: { readonly din: string }) {
  const query = useQuery(DONATION, { din });
  const donation = query.data?.donation;

  if (query.data && donation === null) {
    return <Page kicker="Donation" title={din}><Panel><p className="notice">No donation {din} is recorded.</p></Panel></Page>;
  }
  return (
    <Page
      kicker="Donation"
      title={donation ? <Din din={donation.din} checkCharacter={donation.checkCharacter} /> : din}
      actions={donation && <>
        <StatusBadge status={donation.status} />
        <Link className="button" to={paths.lineage('donation', donation.din)}>Lineage</Link>
        <EpcisExportButton kind="donation" id={donation.din} />
      </>}
    >
      <QueryStatus query={query} what="the donation" />
      {donation && (
        <div className="grid">
          <Panel title="Collection">
            <Facts items={[
              ['Station', `${donation.station} (facility ${donation.facility})`],
              ['Operator', donation.operator],
              ['Product code', <code key="p">{donation.productCode}</code>],
              ['Volume', `${donation.volumeMl} mL`],
              ['Collection', <span key="c"><Instant at={donation.collectionStart} /> – <Instant at={donation.collectionEnd} /> ({minutes(donation.collectionStart, donation.collectionEnd)} min)</span>],
              ['Apheresis device', <code key="d">{donation.deviceSerial}</code>],
              ['Anticoagulant lot', <code key="a">{donation.anticoagulantLot}</code>],
              ['Donor pseudonym', <Hash key="h" value={donation.donorPseudonym} />],
            ]} />
          </Panel>
          <Panel title="On the ledger">
            <Facts items={[
              ['Recorded', <Instant key="r" at={donation.recordedAt} />],
              ['Transaction', <Link key="t" to={paths.transaction(donation.recordedTxId)}><Hash value={donation.recordedTxId} /></Link>],
            ]} />
            <VerificationBadge objectType="donation" objectId={donation.din} />
          </Panel>
          <Panel title="Electronic signatures">
            <NotServed what="A donation's signatures (destruction)" needs={['Donation.signatures']} />
          </Panel>
          <ObjectHistory objectType="donation" objectId={donation.din} />
        </div>
      )}
    </Page>
  );
}
