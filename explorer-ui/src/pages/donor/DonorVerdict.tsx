// Whether a donor may give now, as the ledger will judge it when the donation is recorded: deferred (by whom, until
// when), or eligible from a time the interval since their last donation sets. The donor page and the recording form
// show the same verdict.
import type { DonorStanding } from './donor-operations';
import { Instant } from '../../ui/Instant';

const KIND_TEXT: Readonly<Record<string, string>> = { temporary: 'temporarily', permanent: 'permanently' };

/** A deferral in a few words, after its kind: its reason, who recorded it and until when. */
export function DeferralSummary({
  kind,
  deferral,
}: {
  readonly kind: string;
  readonly deferral: { readonly reason: string; readonly until?: string | null; readonly deferredBy: { readonly mspId: string } };
}) {
  return (
    <>
      {kind} ({deferral.reason}) by {deferral.deferredBy.mspId}
      {deferral.until ? (
        <>
          {' '}
          until <Instant at={deferral.until} />
        </>
      ) : null}
    </>
  );
}

export function DonorVerdict({ standing }: { readonly standing: DonorStanding }) {
  const deferral = standing.donor?.deferrals.find((d) => d.deferralId === standing.deferredNow?.deferralId);
  if (deferral) {
    return (
      <span className="verdict refused" data-testid="donor-verdict">
        Deferred <DeferralSummary kind={KIND_TEXT[deferral.kind] ?? deferral.kind} deferral={deferral} />: not to be collected.
      </span>
    );
  }
  if (standing.eligibleFrom === null) return <span className="verdict refused">Deferred permanently: not to be collected.</span>;
  const now = Date.parse(standing.eligibleFrom) <= Date.now();
  return (
    <span className={`verdict ${now ? 'ok' : 'refused'}`} data-testid="donor-verdict">
      {now ? (
        'May give now.'
      ) : (
        <>
          May give from <Instant at={standing.eligibleFrom} /> ({standing.donationIntervalDays} days between donations in{' '}
          {standing.jurisdiction}).
        </>
      )}
    </span>
  );
}
