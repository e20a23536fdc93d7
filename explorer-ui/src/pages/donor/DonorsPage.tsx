// Donors (献浆者): before a station collects, whether the donor may give (deferrals, and the interval since their last
// donation at any station of the jurisdiction), their donations, and their deferrals, recorded and lifted here by
// those the role matrix lets. The ledger judges the same way when the donation is recorded.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { useGraphQL } from '../../graphql/graphql-context';
import { useQuery } from '../../graphql/use-query';
import { untilIndexed } from '../../ledger/until-indexed';
import { Link, useRouter } from '../../router/router';
import { useSession } from '../../session/session';
import { Facts } from '../../ui/Facts';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { DeferDonor } from './DeferDonor';
import { DeferralSummary, DonorVerdict } from './DonorVerdict';
import { DONOR_REGISTER, DONOR_STANDING, UNMOVED_DONATIONS, type Deferral } from './donor-operations';
import { LiftDeferral } from './LiftDeferral';

export const PSEUDONYM_PATTERN = /^[0-9a-f]{64}$/;

export function DonorsPage({ donorPseudonym }: { readonly donorPseudonym?: string }) {
  const session = useSession();
  const { navigate } = useRouter();
  const [typed, setTyped] = useState(donorPseudonym ?? '');
  const lookUp = (event: SubmitEvent): void => {
    event.preventDefault();
    navigate(paths.donor(typed.trim()));
  };
  const problem =
    typed.trim() !== '' && !PSEUDONYM_PATTERN.test(typed.trim()) ? 'A donor pseudonym is 64 lowercase hex characters.' : undefined;
  return (
    <Page kicker="Donors" title="May this donor give?">
      <div className="grid">
        <Panel title="Look up a donor">
          <form className="filters" onSubmit={lookUp}>
            <label>
              Donor pseudonym
              <input value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} autoComplete="off" />
            </label>
            <button type="submit" className="primary" disabled={problem !== undefined || typed.trim() === ''}>
              Look up
            </button>
          </form>
          {problem && <p className="field-problem">{problem}</p>}
          <p className="muted">
            The pseudonym the station's donor register gives (HMAC of the donor's ID under the jurisdiction's key): the same donor has the
            same pseudonym at every station of the jurisdiction, so deferrals and the interval between donations hold across stations.
          </p>
        </Panel>
        {donorPseudonym && PSEUDONYM_PATTERN.test(donorPseudonym) && (
          <DonorStandingPanels key={donorPseudonym} donorPseudonym={donorPseudonym} />
        )}
        {!donorPseudonym && session.person.organisation.kind === 'station' && <DonorRegister />}
        {!donorPseudonym && session.person.organisation.kind !== 'factory' && <UnmovedDonations />}
      </div>
    </Page>
  );
}

function DonorStandingPanels({ donorPseudonym }: { readonly donorPseudonym: string }) {
  const session = useSession();
  const { client } = useGraphQL();
  const standing = useQuery(DONOR_STANDING, { donorPseudonym });
  const data = standing.data?.donorStanding;
  // The page reads the projection, a block behind the ledger: wait for the change before showing it.
  const afterChange = (changed: (deferrals: readonly Deferral[]) => boolean) => async () => {
    await untilIndexed(async () =>
      changed((await client.request(DONOR_STANDING, { donorPseudonym })).donorStanding.donor?.deferrals ?? []),
    );
    standing.reload();
  };
  const count = data?.donor?.deferrals.length ?? 0;
  const lifts = data?.donor?.deferrals.filter((d) => d.lifted).length ?? 0;

  return (
    <>
      <Panel title="Standing">
        <QueryStatus query={standing} what="the donor" />
        {data && (
          <>
            <p>
              <DonorVerdict standing={data} />
            </p>
            <Facts
              items={[
                ['Jurisdiction', data.jurisdiction],
                ['Least days between donations', data.donationIntervalDays],
                ['Donations on the ledger', data.donations.length],
              ]}
            />
          </>
        )}
      </Panel>
      {data && (
        <Panel title="Donations">
          {data.donations.length === 0 ? (
            <p className="muted">None recorded.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="donor-donations">
                <thead>
                  <tr>
                    <th>DIN</th>
                    <th>Station</th>
                    <th>Collection started</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {data.donations.map((d) => (
                    <tr key={d.din}>
                      <td>
                        <Link to={paths.donation(d.din)}>{d.din}</Link>
                      </td>
                      <td>{d.station}</td>
                      <td>
                        <Instant at={d.collectionStart} />
                      </td>
                      <td>{d.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}
      {data && (
        <Panel title="Deferrals">
          {count === 0 ? (
            <p className="muted">Never deferred.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="donor-deferrals">
                <thead>
                  <tr>
                    <th>Deferred</th>
                    <th>Reason</th>
                    <th>From</th>
                    <th>Until</th>
                    <th>By</th>
                    <th>Lifted</th>
                  </tr>
                </thead>
                <tbody>
                  {data.donor!.deferrals.map((d) => (
                    <tr key={d.deferralId}>
                      <td>{d.kind}</td>
                      <td>{d.reason}</td>
                      <td>
                        <Instant at={d.from} />
                      </td>
                      <td>{d.until ? <Instant at={d.until} /> : 'never ends'}</td>
                      <td>
                        {d.deferredBy.name} ({d.deferredBy.mspId})
                      </td>
                      <td>
                        {d.lifted ? (
                          <>
                            <Instant at={d.lifted.at} /> by {d.lifted.by.name} ({d.lifted.by.mspId}): {d.lifted.reason}
                          </>
                        ) : d.deferralId === data.deferredNow?.deferralId && session.may('Donor:LiftDeferral') ? (
                          <LiftDeferral
                            donorPseudonym={donorPseudonym}
                            deferralId={d.deferralId}
                            onLifted={() => void afterChange((deferrals) => deferrals.filter((x) => x.lifted).length > lifts)()}
                          />
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}
      {data && session.may('Donor:DeferDonor') && (
        <Panel title="Defer this donor">
          <p className="muted">
            From now; a station defers a donor it collected from, or one no station has yet. The organisation that records a deferral, or
            the regulator, may lift it.
          </p>
          <DeferDonor donorPseudonym={donorPseudonym} onDeferred={() => void afterChange((deferrals) => deferrals.length > count)()} />
        </Panel>
      )}
    </>
  );
}

/** The station's donor register: who gave here, or whom it deferred, the latest to give or be deferred first. */
function DonorRegister() {
  const { person } = useSession();
  const register = useQuery(DONOR_REGISTER, { first: 50 });
  const donors = register.data?.donorRegister;
  return (
    <Panel title={`Donors of ${person.organisation.name}`}>
      <QueryStatus query={register} what="the donor register" />
      {donors?.length === 0 && <p className="muted">No donor has given here yet, and none is deferred by this station.</p>}
      {donors && donors.length > 0 && (
        <div className="table-wrap">
          <table data-testid="donor-register">
            <thead>
              <tr>
                <th>Donor</th>
                <th>Donations here</th>
                <th>Latest</th>
                <th>Deferred</th>
              </tr>
            </thead>
            <tbody>
              {donors.map((d) => (
                <tr key={d.donorPseudonym}>
                  <td>
                    <Link to={paths.donor(d.donorPseudonym)}>
                      <Hash value={d.donorPseudonym} />
                    </Link>
                  </td>
                  <td>{d.donations}</td>
                  <td>
                    <Instant at={d.lastCollectionStart} />
                  </td>
                  <td>{d.deferredNow ? <DeferralSummary kind={d.deferredNow.kind} deferral={d.deferredNow} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

/**
 * Bags their station never dispatched, the oldest first: a bag recorded only to keep a donor from giving elsewhere
 * never leaves, and its donor gives at another station. The regulator sees every station's, a station its own.
 */
function UnmovedDonations() {
  const { person } = useSession();
  const [typed, setTyped] = useState('30');
  const [olderThanDays, setOlderThanDays] = useState(30);
  const query = useQuery(UNMOVED_DONATIONS, { olderThanDays });
  const bags = query.data?.unmovedDonations;
  const show = (event: SubmitEvent): void => {
    event.preventDefault();
    setOlderThanDays(Number(typed));
  };
  const valid = /^\d{1,4}$/.test(typed) && Number(typed) <= 3650;
  return (
    <Panel title={person.organisation.kind === 'station' ? 'Bags never dispatched from here' : 'Bags never dispatched from their station'}>
      <form className="filters" onSubmit={show}>
        <label>
          Collected at least (days ago)
          <input value={typed} onChange={(e) => setTyped(e.target.value)} inputMode="numeric" />
        </label>
        <button type="submit" className="primary" disabled={!valid}>
          Show
        </button>
      </form>
      <QueryStatus query={query} what="the bags never dispatched" />
      {bags?.length === 0 && <p className="muted">None collected {olderThanDays} days ago or earlier is still at its station.</p>}
      {bags && bags.length > 0 && (
        <div className="table-wrap">
          <table data-testid="unmoved-donations">
            <thead>
              <tr>
                <th>Bag</th>
                <th>Station</th>
                <th>Status</th>
                <th>Days held</th>
                <th>Donor</th>
                <th>Donor also gave at</th>
              </tr>
            </thead>
            <tbody>
              {bags.map((bag) => (
                <tr key={bag.din} className={bag.donorAlsoGaveAt.length > 0 ? 'flagged' : undefined}>
                  <td>
                    <Link to={paths.donation(bag.din)}>{bag.din}</Link>
                  </td>
                  <td>{bag.station}</td>
                  <td>{bag.status}</td>
                  <td>{bag.daysHeld}</td>
                  <td>
                    <Link to={paths.donor(bag.donorPseudonym)}>
                      <Hash value={bag.donorPseudonym} />
                    </Link>
                  </td>
                  <td>{bag.donorAlsoGaveAt.length > 0 ? bag.donorAlsoGaveAt.join(', ') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">
        A real bag ships, or is destroyed for a reason its record shows. One recorded only to keep a donor from giving at another station
        never leaves: a bag held long whose donor also gives elsewhere is the one to look into.
      </p>
    </Panel>
  );
}
