// A lot's electronic batch record: the process steps in sequence, each with its critical parameters' values (those out
// of the master batch record's range marked, and the version it met), the MES export stored off-chain under the hash the
// step carries, and its place in the hash chain (the gateway recomputes each digest and checks each link), whether the
// chain ends at the digest the lot itself carries, and the deviations with their CAPA; recording a step (the lot's own
// factory, while it is in process), raising a deviation and closing one with its CAPA (on any lot but a recalled one),
// for those the role matrix lets.
import type { ReactNode } from 'react';
import { paths } from '../../app/object-paths';
import type { BatchRecordQuery } from '../../graphql/generated/operations';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { BATCH_RECORD } from './dossier-operations';
import type { LotRecord } from './lot-record';
import { CloseDeviation, RaiseDeviation, useDeviationRights } from './DeviationActions';
import { lotIs, lotTakes } from './lot-record';
import { RecordProcessStep } from './RecordProcessStep';
import { StepParameters } from './StepParameters';

/** Whether the steps form the chain the lot commits to: every link holds and the last digest is the lot's. */
function chainVerdict(lot: LotRecord, steps: BatchRecordQuery['processSteps']): { intact: boolean; why: string } {
  const broken = steps.find((s) => !s.digestMatches || s.linksToPrevious === false);
  if (broken)
    return {
      intact: false,
      why: `step ${broken.seq} ${broken.digestMatches ? 'does not link to the step before it' : 'does not match its digest'}`,
    };
  if (steps.length !== lot.stepCount) return { intact: false, why: `the lot counts ${lot.stepCount} steps, ${steps.length} are recorded` };
  const last = steps.at(-1);
  if (last && last.digest !== lot.ebrDigest) return { intact: false, why: "the last step's digest is not the one the lot carries" };
  return { intact: true, why: steps.length === 0 ? 'no step recorded yet' : `${steps.length} steps from the first to the lot's digest` };
}

/** The critical parameters' values a step recorded, each out of its range marked, and the master version it met. */
function StepValues({ step }: { readonly step: BatchRecordQuery['processSteps'][number] }) {
  if (step.parameters === null) return null;
  return (
    <>
      <ul className="plain" data-testid="step-values">
        {step.parameters.map((p) => (
          <li key={p.name}>
            {p.name} {p.value}
            {step.outOfRange?.includes(p.name) && <StatusBadge status="out of range" />}
          </li>
        ))}
      </ul>
      <div className="muted">
        {step.masterRecord ? (
          <Link to={paths.masterRecord(step.masterRecord.productCode)}>master batch record version {step.masterRecord.version}</Link>
        ) : (
          'unchecked: no master batch record'
        )}
      </div>
    </>
  );
}

function ProcessSteps({ lot, steps }: { readonly lot: LotRecord; readonly steps: BatchRecordQuery['processSteps'] }) {
  const verdict = chainVerdict(lot, steps);
  return (
    <>
      <p data-testid="chain-verdict" className={verdict.intact ? undefined : 'notice error'}>
        <StatusBadge status={verdict.intact ? 'chain intact' : 'chain broken'} /> {verdict.why}; the lot carries{' '}
        <Hash value={lot.ebrDigest} keep={8} />
      </p>
      {steps.length > 0 && (
        <div className="table-wrap">
          <table data-testid="process-steps">
            <thead>
              <tr>
                <th>#</th>
                <th>Step</th>
                <th>Equipment, operator</th>
                <th>Time</th>
                <th>Parameter data</th>
                <th>Digest</th>
                <th>Chain</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr key={s.seq} data-testid="process-step">
                  <td>{s.seq}</td>
                  <td>
                    <strong>{s.step}</strong>
                  </td>
                  <td>
                    {s.equipment}
                    <div className="muted">{s.operator}</div>
                  </td>
                  <td>
                    <Instant at={s.start} />
                    <div className="muted">
                      to <Instant at={s.end} />
                    </div>
                  </td>
                  <td>
                    <StepValues step={s} />
                    <Hash value={s.parameterDataHash} keep={6} />
                    <StepParameters hash={s.parameterDataHash} />
                  </td>
                  <td>
                    <Hash value={s.digest} keep={6} />
                    <div className="muted">
                      after <Hash value={s.previousDigest} keep={4} />
                    </div>
                  </td>
                  <td>
                    <StatusBadge status={s.digestMatches && s.linksToPrevious !== false ? 'links' : 'broken'} />
                    {!s.digestMatches && <div className="muted">content does not match its digest</div>}
                    {s.linksToPrevious === false && <div className="muted">does not follow step {s.seq - 1}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Deviations({
  deviations,
  close,
}: {
  readonly deviations: BatchRecordQuery['deviations'];
  /** The CAPA form of an open deviation, for those who close deviations. */
  readonly close?: (deviationId: string) => ReactNode;
}) {
  if (deviations.length === 0) return <p className="muted">No deviation was raised.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="deviations">
        <thead>
          <tr>
            <th>Deviation</th>
            <th>Class</th>
            <th>Description</th>
            <th>Raised</th>
            <th>Status</th>
            <th>CAPA</th>
          </tr>
        </thead>
        <tbody>
          {deviations.map((d) => (
            <tr key={d.deviationId} data-testid="deviation">
              <td>
                <code>{d.deviationId}</code>
              </td>
              <td>
                <StatusBadge status={d.classification} />
              </td>
              <td>{d.description}</td>
              <td>
                <Instant at={d.raisedAt} />
              </td>
              <td>
                <StatusBadge status={d.status} />
              </td>
              <td>
                {d.capa ? (
                  <div className="capa">
                    <div>
                      <span className="muted">Root cause:</span> {d.capa.rootCause}
                    </div>
                    <div>
                      <span className="muted">Corrective:</span> {d.capa.correctiveAction}
                    </div>
                    <div>
                      <span className="muted">Preventive:</span> {d.capa.preventiveAction}
                    </div>
                    <div className="muted">
                      closed <Instant at={d.capa.closedAt} />
                    </div>
                  </div>
                ) : (
                  <>
                    <span className="muted">open: no CAPA yet</span>
                    {close?.(d.deviationId)}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BatchRecord({ lot, onChange }: { readonly lot: LotRecord; readonly onChange: () => void }) {
  const session = useSession();
  const query = useQuery(BATCH_RECORD, { lotId: lot.lotId });
  const { raises, closes } = useDeviationRights();
  // The lot's own factory records its steps while it is in process (the ledger closes the record with the QA release).
  const recordsSteps =
    session.may('Lot:RecordProcessStep') && session.person.organisation.mspId === lot.factory && lotTakes(lot, 'record-step');
  // The ledger takes deviations, raised and closed, on any lot but a recalled one.
  const takesDeviations = !lotIs(lot, 'recalled');
  // The lot's open deviations change with the record: both are read again.
  const changed = (): void => {
    query.reload();
    onChange();
  };
  return (
    <>
      <QueryStatus query={query} what="the batch record" />
      {query.data && (
        <>
          <h3>Process steps</h3>
          <ProcessSteps lot={lot} steps={query.data.processSteps} />
          {recordsSteps && <RecordProcessStep lot={lot} recorded={query.data.processSteps} onRecorded={changed} />}
          <h3>Deviations</h3>
          <Deviations
            deviations={query.data.deviations}
            close={
              closes && takesDeviations
                ? (deviationId) => <CloseDeviation lotId={lot.lotId} deviationId={deviationId} onDone={changed} />
                : undefined
            }
          />
          {raises && takesDeviations && <RaiseDeviation lotId={lot.lotId} onDone={changed} />}
        </>
      )}
    </>
  );
}
