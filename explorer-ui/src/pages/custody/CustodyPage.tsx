// A site's plasma stock by status, and the factory's quarantine in bulk: its warehouse quarantines the bags it
// received, its QA releases quarantined bags, a selection at a time. The ledger decides each release (the hold period
// served from the recording, a later donation of the donor screened negative) and refuses the whole selection naming
// the bag that is not releasable yet; held bags are listed for QA to open one by one (resolve or destroy).
import { useState } from 'react';
import { paths } from '../../app/object-paths';
import type { GraphQLClient } from '../../graphql/client';
import { useGraphQL } from '../../graphql/graphql-context';
import { messageOf } from '../../graphql/graphql-failure';
import { useQuery } from '../../graphql/use-query';
import { untilIndexed } from '../../ledger/until-indexed';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import type { Transaction } from '../../session/permissions';
import { Din } from '../../ui/Din';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StartPool } from '../pool/Pooling';
import { DONATIONS_IN_CUSTODY, QUARANTINE_DONATIONS, RELEASE_DONATIONS } from './custody-operations';

/** One screen of bags, fewer than the ledger takes in one step (MAX_BATCH). */
const PAGE_SIZE = 200;

interface StockView {
  readonly status: 'received' | 'quarantined' | 'released' | 'on-hold';
  readonly title: string;
  readonly explains: string;
  /** The bulk step on the selection, for those the role matrix lets take it. */
  readonly step?: {
    readonly label: string;
    readonly transaction: Transaction;
    readonly run: (client: GraphQLClient, dins: string[]) => Promise<unknown>;
  };
}

const VIEWS: readonly StockView[] = [
  {
    status: 'received',
    title: 'Received',
    explains: 'Bags received from the stations, waiting to go into quarantine.',
    step: {
      label: 'Quarantine',
      transaction: 'Donation:QuarantineDonations',
      run: (client, dins) => client.request(QUARANTINE_DONATIONS, { dins }),
    },
  },
  {
    status: 'quarantined',
    title: 'In quarantine',
    explains:
      "A bag is released once its jurisdiction's hold period, counted from its recording, is served and a later donation of its donor screened negative.",
    step: {
      label: 'Release',
      transaction: 'Donation:ReleaseDonations',
      run: (client, dins) => client.request(RELEASE_DONATIONS, { dins }),
    },
  },
  { status: 'released', title: 'Released', explains: 'Released bags, ready for pooling: scan them into an open pool on its page.' },
  { status: 'on-hold', title: 'On hold', explains: "Held bags: open one to resolve its hold or destroy it (its custodian's QA)." },
];

export function CustodyPage() {
  const session = useSession();
  const { client } = useGraphQL();
  // The view whose step the person takes first: the warehouse's receipt, QA's quarantine.
  const [status, setStatus] = useState(() => (VIEWS.find((v) => v.step && session.may(v.step.transaction)) ?? VIEWS[0]!).status);
  const view = VIEWS.find((v) => v.status === status)!;
  // One shipment's bags, e.g. the one just received: typed, then shown.
  const [typedShipment, setTypedShipment] = useState('');
  const [shipmentId, setShipmentId] = useState<string>();
  const query = useQuery(DONATIONS_IN_CUSTODY, { status, shipmentId, first: PAGE_SIZE });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const bags = query.data?.donationsInCustody;
  const step = view.step && session.may(view.step.transaction) ? view.step : undefined;

  const show = (next: StockView['status']): void => {
    setStatus(next);
    setSelected(new Set());
    setProblem(undefined);
  };
  const toggle = (din: string): void =>
    setSelected((set) => {
      const next = new Set(set);
      if (!next.delete(din)) next.add(din);
      return next;
    });

  const take = async (): Promise<void> => {
    if (!step) return;
    setBusy(true);
    setProblem(undefined);
    const dins = [...selected];
    try {
      await step.run(client, dins);
      // The list reads the projection, a block behind: wait until the bags have left this status.
      await untilIndexed(async () => {
        const now = (await client.request(DONATIONS_IN_CUSTODY, { status, shipmentId, first: PAGE_SIZE })).donationsInCustody;
        return !now.some((bag) => selected.has(bag.din));
      });
      setSelected(new Set());
      query.reload();
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page kicker={session.person.organisation.name} title="Plasma in custody">
      <div className="filters" role="tablist">
        {VIEWS.map((v) => (
          <button
            key={v.status}
            type="button"
            role="tab"
            aria-selected={v.status === status}
            className={v.status === status ? 'primary' : undefined}
            onClick={() => show(v.status)}
          >
            {v.title}
          </button>
        ))}
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setShipmentId(typedShipment.trim() || undefined);
          setSelected(new Set());
        }}
      >
        <label>
          Shipment
          <input value={typedShipment} onChange={(e) => setTypedShipment(e.target.value)} placeholder="every shipment" />
        </label>
        <button type="submit">Show</button>
      </form>
      {status === 'released' && session.may('Pool:CreatePool') && (
        <Panel title="Pooling">
          <p className="muted">Start a pool by scanning its DIN label; its page then takes the released bags scanned into it.</p>
          <StartPool />
        </Panel>
      )}
      <Panel title={`${view.title}${bags ? ` (${bags.length}${bags.length === PAGE_SIZE ? '+' : ''})` : ''}`}>
        <p className="muted">{view.explains}</p>
        <QueryStatus query={query} what="the bags in custody" />
        {bags?.length === 0 && <p className="muted">None.</p>}
        {bags && bags.length > 0 && (
          <>
            {/* Not while another status's list is still on screen: the step would act on those bags. */}
            {step && !query.loading && (
              <div className="actions">
                <button type="button" onClick={() => setSelected(new Set(bags.map((b) => b.din)))}>
                  Select all
                </button>
                <button type="button" className="primary" disabled={busy || selected.size === 0} onClick={() => void take()}>
                  {busy ? 'Recording…' : `${step.label} ${selected.size} ${selected.size === 1 ? 'bag' : 'bags'}`}
                </button>
              </div>
            )}
            {problem && (
              <p className="notice error" role="alert">
                {problem}
              </p>
            )}
            <div className="table-wrap">
              <table data-testid="bags-in-custody">
                <thead>
                  <tr>
                    {step && <th aria-label="Selected" />}
                    <th>Bag</th>
                    <th>Station</th>
                    <th>Volume</th>
                    <th>Collected</th>
                    <th>Received</th>
                  </tr>
                </thead>
                <tbody>
                  {bags.map((bag) => (
                    <tr key={bag.din}>
                      {step && (
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select ${bag.din}`}
                            checked={selected.has(bag.din)}
                            onChange={() => toggle(bag.din)}
                          />
                        </td>
                      )}
                      <td>
                        <Link to={paths.donation(bag.din)}>
                          <Din din={bag.din} checkCharacter={bag.checkCharacter} />
                        </Link>
                      </td>
                      <td>{bag.station}</td>
                      <td>{bag.volumeMl} mL</td>
                      <td>
                        <Instant at={bag.collectionEnd} />
                      </td>
                      <td>
                        {bag.receivedAt ? (
                          <>
                            <Instant at={bag.receivedAt} />
                            {bag.shipmentId && (
                              <>
                                {' '}
                                (<Link to={paths.shipment(bag.shipmentId)}>{bag.shipmentId}</Link>)
                              </>
                            )}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Panel>
    </Page>
  );
}
