// One donation of the donor in a look-back report: when and where it was collected, its status now, and whether
// it falls inside the case's window (and so was interdicted).
import { paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Din } from '../../ui/Din';
import { Instant } from '../../ui/Instant';
import { StatusBadge } from '../../ui/StatusBadge';
import { DONATION_SUMMARY } from '../donation/donation-operations';

export function AffectedDonation({
  din,
  window,
}: {
  readonly din: string;
  readonly window: { readonly from: string; readonly to: string };
}) {
  const { data, error } = useQuery(DONATION_SUMMARY, { din });
  const donation = data?.donation;
  const inside = donation && donation.collectionStart >= window.from && donation.collectionStart <= window.to;
  return (
    <tr className={inside === false ? 'outside' : undefined}>
      <td>
        <Link to={paths.donation(din)}>
          {donation ? <Din din={donation.din} checkCharacter={donation.checkCharacter} /> : <code>{din}</code>}
        </Link>
      </td>
      <td>{donation ? donation.station : error ? <span className="notice error">{error.message}</span> : '…'}</td>
      <td>{donation && <Instant at={donation.collectionEnd} />}</td>
      <td>{donation && <StatusBadge status={donation.status} />}</td>
      <td>{inside === undefined ? '' : inside ? 'inside: interdicted' : 'outside the window'}</td>
    </tr>
  );
}
