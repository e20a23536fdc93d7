// Lot release: the lots waiting for a decision — the QA review, the QP's certification, the regulator's lot release —
// each with what holds it back, any lot by its status, and a way to open any lot's dossier by its number; production
// and QA make a lot from tested pools here.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import type { LotsQuery } from '../../graphql/generated/operations';
import { useQuery } from '../../graphql/use-query';
import { Link, useRouter } from '../../router/router';
import { useSession } from '../../session/session';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { LOTS } from './dossier-operations';
import { lotIs, type LotStatus } from './lot-record';
import { CreateLot } from './CreateLot';
import { RELEASE_STEPS } from './release-steps';

/** What the list shows: the lots still on their way to release, or the lots of one status, or every lot. */
const FILTERS: ReadonlyArray<readonly [label: string, statuses: readonly LotStatus[] | undefined]> = [
  ['Waiting for release', ['in-process', 'qa-released']],
  ['In process', ['in-process']],
  ['QA-released', ['qa-released']],
  ['Released', ['released']],
  ['Recalled', ['recalled']],
  ['Every lot', undefined],
];

/** A lot in the list, and where its release stands. */
type LotInRelease = LotsQuery['lots'][number];

const stepTitle = (meaning: string): string => RELEASE_STEPS.find((s) => s.meaning === meaning)?.title ?? meaning;

/**
 * The release step a lot waits for next. A lot in process waits for its QA release: the QA review or the QP's
 * certification still to sign, or, both given, the QP to submit it. Undefined once released or recalled.
 */
function nextStep({ lot, awaitingSignatures }: LotInRelease): string | undefined {
  if (!lotIs(lot, 'in-process')) return awaitingSignatures[0];
  return awaitingSignatures.find((meaning) => meaning !== 'regulator-lot-release') ?? 'qp-release';
}

/** Why a lot cannot take its next signature now, as the chaincode would refuse it (holds, open deviations). */
function blockers({ lot }: LotInRelease): string[] {
  return [
    ...lot.holds.map((h) => `${h.kind} hold: ${h.reason}`),
    ...(lot.openDeviations.length > 0 ? [`open deviations ${lot.openDeviations.join(', ')}`] : []),
  ];
}

function LotTable({ lots }: { readonly lots: readonly LotInRelease[] }) {
  if (lots.length === 0) return <p className="muted">No lot.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="lots">
        <thead>
          <tr>
            <th>Lot</th>
            <th>Product</th>
            <th>Status</th>
            <th>Waiting for</th>
            <th>Held back by</th>
            <th>Vials</th>
            <th>Made</th>
          </tr>
        </thead>
        <tbody>
          {lots.map((entry) => {
            const { lot, signedWaiting } = entry;
            const next = nextStep(entry);
            const bothSigned = lotIs(lot, 'in-process') && signedWaiting.length === 2;
            const blocked = blockers(entry);
            return (
              <tr key={lot.lotId} data-testid="lot-row">
                <td>
                  <Link to={paths.lotRelease(lot.lotId)}>
                    <strong>{lot.lotId}</strong>
                  </Link>
                </td>
                <td>
                  {lot.product.name}
                  <div className="muted">
                    expiry {lot.product.expiry}, {lot.factory}
                  </div>
                </td>
                <td>
                  <StatusBadge status={lot.status} />
                </td>
                <td data-testid="waiting-for">
                  {next === undefined ? (
                    <span className="muted">nothing</span>
                  ) : bothSigned ? (
                    'the QP to submit the QA release'
                  ) : (
                    stepTitle(next)
                  )}
                  {signedWaiting.map((w) => (
                    <div key={w.meaning} className="muted">
                      {stepTitle(w.meaning)} signed by {w.signerName}, <Instant at={w.signedAt} />
                    </div>
                  ))}
                </td>
                <td>
                  {blocked.length === 0 ? (
                    <span className="muted">nothing</span>
                  ) : (
                    blocked.map((b) => (
                      <div key={b} className="notice error">
                        {b}
                      </div>
                    ))
                  )}
                </td>
                <td>{lot.unitCount.toLocaleString('en')}</td>
                <td>
                  <Instant at={lot.createdAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function LotList() {
  const [filter, setFilter] = useState(0);
  const [label, statuses] = FILTERS[filter]!;
  const query = useQuery(LOTS, statuses ? { status: statuses } : {});
  const lots = query.data?.lots;
  return (
    <>
      <div className="filters">
        <label>
          Show
          <select value={filter} onChange={(e) => setFilter(Number(e.target.value))}>
            {FILTERS.map(([name], i) => (
              <option key={name} value={i}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryStatus query={query} what="the lots" />
      {lots &&
        (filter === 0 ? (
          // Grouped by the signature each lot needs next, in release order.
          <div className="waiting-groups">
            {RELEASE_STEPS.map((step) => {
              const waiting = lots.filter((lot) => nextStep(lot) === step.meaning);
              return (
                <section key={step.meaning} data-testid={`waiting-${step.meaning}`}>
                  <h3>
                    Waiting for the {step.title} ({waiting.length})
                  </h3>
                  <LotTable lots={waiting} />
                </section>
              );
            })}
          </div>
        ) : (
          <>
            <h3>
              {label} ({lots.length})
            </h3>
            <LotTable lots={lots} />
          </>
        ))}
    </>
  );
}

export function LotsPage() {
  const { navigate } = useRouter();
  const session = useSession();
  const [lotId, setLotId] = useState('');
  const open = (event: SubmitEvent): void => {
    event.preventDefault();
    if (lotId.trim()) navigate(paths.lotRelease(lotId.trim().toUpperCase()));
  };
  return (
    <Page kicker="Lot release" title="Lots and their release">
      <Panel title="Open a release dossier">
        <form className="filters" onSubmit={open}>
          <label>
            Lot number
            <input value={lotId} onChange={(e) => setLotId(e.target.value)} placeholder="e.g. ALB-2611-001" />
          </label>
          <button type="submit" className="primary">
            Open dossier
          </button>
        </form>
      </Panel>
      {session.may('Lot:CreateLot') && (
        <Panel title="Create a lot">
          <CreateLot />
        </Panel>
      )}
      <Panel title="Lots">
        <LotList />
      </Panel>
    </Page>
  );
}
