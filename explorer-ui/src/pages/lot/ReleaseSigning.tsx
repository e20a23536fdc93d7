// The signature section of a release dossier: the signatures the lot carries, each release step with whether it
// is signed, and for the person who may sign a step now, the signing itself with the password entered again. A
// QA release signature waits in the gateway for the other one (the QA reviewer's for the QP's, or the other way
// round), which then releases the lot; the gateway says which wait, so the dossier shows them to anyone, at any time.
import { useState } from 'react';
import { messageOf } from '../../graphql/graphql-failure';
import { useGraphQL } from '../../graphql/graphql-context';
import { untilIndexed } from '../../ledger/until-indexed';
import { useSession } from '../../session/session';
import { meaningText } from '../../signatures/signature-meanings';
import { SignDialog } from '../../signatures/SignDialog';
import { Signatures } from '../../signatures/Signatures';
import { Instant } from '../../ui/Instant';
import { StatusBadge } from '../../ui/StatusBadge';
import { LOT_STATUS, type WaitingSignature } from './dossier-operations';
import { lotIs, lotSignatures, type LotRecord, type LotStatus } from './lot-record';
import { COMPLETE_LOT_QA_RELEASE } from './release-operations';
import { RELEASE_STEPS, type ReleaseStep } from './release-steps';

/** Whose signature a waiting QA release signature waits for. */
const WAITS_FOR: Readonly<Record<string, string>> = { 'qa-review': 'the QP', 'qp-release': 'the QA review' };

export function ReleaseSigning({
  lot,
  waiting: inGateway,
  onSigned,
}: {
  readonly lot: LotRecord;
  /** The QA release signatures waiting in the gateway, as the dossier last read them. */
  readonly waiting: readonly WaitingSignature[];
  readonly onSigned: () => void;
}) {
  const session = useSession();
  const { client } = useGraphQL();
  const [signing, setSigning] = useState<ReleaseStep>();
  // What the gateway answered the last signature made in this tab: shown at once, before the dossier is read again.
  const [answered, setAnswered] = useState<readonly WaitingSignature[]>([]);
  const [submitProblem, setSubmitProblem] = useState<string>();
  const signatures = lotSignatures(lot);
  const waiting = lotIs(lot, 'in-process')
    ? [...inGateway, ...answered.filter((a) => !inGateway.some((w) => w.meaning === a.meaning))]
    : [];
  const waitingOf = (meaning: string): WaitingSignature | undefined => waiting.find((w) => w.meaning === meaning);
  // When the QP signed before the QA review, the QP submits the release once the review is signed too.
  const maySubmit =
    session.may('Lot:QaRelease') &&
    lotIs(lot, 'in-process') &&
    waitingOf('qa-review') !== undefined &&
    waitingOf('qp-release') !== undefined;
  const indexedAs = (status: LotStatus) =>
    untilIndexed(async () => (await client.request(LOT_STATUS, { lotId: lot.lotId })).lot?.lot.status === status);

  const submit = async (): Promise<void> => {
    setSubmitProblem(undefined);
    try {
      await client.request(COMPLETE_LOT_QA_RELEASE, { lotId: lot.lotId });
      await indexedAs('qa-released');
      onSigned();
    } catch (error) {
      setSubmitProblem(messageOf(error));
    }
  };

  const sign = async (step: ReleaseStep, password: string): Promise<void> => {
    const outcome = await step.sign(client, lot.lotId, password);
    if (outcome.waitingFor === null && step.releasedAs) await indexedAs(step.releasedAs);
    else setAnswered(outcome.signedWaiting);
    onSigned();
  };

  return (
    <>
      <Signatures signatures={signatures} />
      <ol className="release-steps" data-testid="release-steps">
        {RELEASE_STEPS.map((step) => {
          const signed = signatures.some((s) => s.meaning === step.meaning);
          const pending = waitingOf(step.meaning);
          return (
            <li key={step.meaning} data-testid={`release-step-${step.meaning}`}>
              <strong>{step.title}</strong> <span className="muted">— {meaningText(step.meaning)}</span>{' '}
              {signed ? (
                <StatusBadge status="signed" />
              ) : pending ? (
                <span data-testid="signature-waiting">
                  <StatusBadge
                    status={`signed by ${pending.signerName}, waiting for ${WAITS_FOR[step.meaning] ?? 'the other signature'}`}
                  />{' '}
                  <span className="muted">
                    <Instant at={pending.signedAt} />
                  </span>
                </span>
              ) : (
                <span className="muted">not signed</span>
              )}
              {/* Offered only to whoever may sign this step now. */}
              {!signed && !pending && step.maySign(session, lot) && (
                <div>
                  <button type="button" className="primary" onClick={() => setSigning(step)}>
                    Sign the {step.title}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {maySubmit && (
        <div className="actions">
          <button type="button" onClick={() => void submit()}>
            Submit the QA release (both signatures given)
          </button>
          {submitProblem && (
            <p className="notice error" role="alert">
              {submitProblem}
            </p>
          )}
        </div>
      )}
      {signing && (
        <SignDialog meaning={signing.meaning} onSign={(password) => sign(signing, password)} onClose={() => setSigning(undefined)}>
          <div>
            Lot <strong>{lot.lotId}</strong>: {lot.product.name}, expiry {lot.product.expiry}
          </div>
          <div className="muted">
            {lot.pools.length} pools, {lot.stepCount} batch record steps, {lot.openDeviations.length} open deviations, {lot.holds.length}{' '}
            holds
          </div>
        </SignDialog>
      )}
    </>
  );
}
