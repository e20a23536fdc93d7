// Look-back requests: someone who may not open a look-back on a donor (an inspector, another station) asks for one
// with a reason; the regulator or the QA of a station that collected from the donor confirms it, which opens the case
// and runs it to its report, or declines it with a reason. The ledger checks who decides (a station that never
// collected from the donor is refused); the page offers the decision to those whose role may take it.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { useGraphQL } from '../../graphql/graphql-context';
import { GraphQLFailure, messageOf } from '../../graphql/graphql-failure';
import type { LookBackRequestsQuery } from '../../graphql/generated/operations';
import type { QueryState } from '../../graphql/use-query';
import { untilIndexed } from '../../ledger/until-indexed';
import { useRouter } from '../../router/router';
import { useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { ReasonAction } from '../../ui/ReasonAction';
import { CONFIRM_LOOK_BACK_REQUEST, DECLINE_LOOK_BACK_REQUEST, LOOK_BACK_REQUEST_INDEXED, REQUEST_LOOK_BACK } from './look-back-operations';
import { runCase } from './run-case';

/** The form of whoever asks: the donor and why; the jurisdiction's window applies when the request is confirmed. */
export function AskForLookBack({ onAsked }: { readonly onAsked: () => void }) {
  const { client } = useGraphQL();
  const [form, setForm] = useState({ donorPseudonym: '', reason: '' });
  const [asked, setAsked] = useState<string>();
  const [failure, setFailure] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const pseudonym = form.donorPseudonym.trim();
  const fieldProblem = (field: string): string | undefined =>
    failure instanceof GraphQLFailure && failure.field === field ? failure.message : undefined;

  const ask = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const { requestLookBack } = await client.request(REQUEST_LOOK_BACK, {
        donorPseudonym: pseudonym,
        reason: form.reason.trim(),
        window: {},
      });
      const { requestId } = requestLookBack;
      await untilIndexed(async () => (await client.request(LOOK_BACK_REQUEST_INDEXED, { requestId })).lookBackRequest !== null);
      setAsked(requestLookBack.requestId);
      setForm({ donorPseudonym: '', reason: '' });
      onAsked();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(messageOf(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void ask(e)}>
      <Field label="Donor pseudonym" id="ask-donor" problem={fieldProblem('donorPseudonym')}>
        <input
          id="ask-donor"
          value={form.donorPseudonym}
          onChange={(e) => setForm({ ...form, donorPseudonym: e.target.value })}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
      <Field label="Why" id="ask-reason" problem={fieldProblem('reason')} help="E.g. a recipient of lot … seroconverted to anti-HCV.">
        <input id="ask-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
      </Field>
      {failure && !(failure instanceof GraphQLFailure && failure.field) && (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      )}
      {asked && (
        <p className="notice" role="status" data-testid="look-back-asked">
          Asked as {asked}: the regulator or the donor&apos;s station decides.
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || pseudonym === '' || form.reason.trim() === ''}>
        {busy ? 'Asking…' : 'Ask for a look-back'}
      </button>
    </form>
  );
}

/** The requests waiting for a decision (`query`, which the page reads once for the form too), with the decision for those who may take it. */
export function WaitingRequests({ query }: { readonly query: QueryState<LookBackRequestsQuery> }) {
  const session = useSession();
  const { client } = useGraphQL();
  const { navigate } = useRouter();
  const [progress, setProgress] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const decides = session.may('LookBack:ConfirmLookBackRequest');
  const requests = query.data?.lookBackRequests;

  const [confirming, setConfirming] = useState(false);
  const confirm = async (requestId: string): Promise<void> => {
    setProblem(undefined);
    setConfirming(true);
    try {
      const { confirmLookBackRequest } = await client.request(CONFIRM_LOOK_BACK_REQUEST, { requestId });
      const caseId = await runCase(client, confirmLookBackRequest, (step) =>
        setProgress(`Case ${step.caseId}: step ${step.steps}, ${step.counts.donations} donations found…`),
      );
      navigate(paths.lookBack(caseId));
    } catch (error) {
      setProgress(undefined);
      setProblem(messageOf(error));
    } finally {
      setConfirming(false);
    }
  };
  const declined = async (requestId: string): Promise<void> => {
    await untilIndexed(async () => (await client.request(LOOK_BACK_REQUEST_INDEXED, { requestId })).lookBackRequest?.status === 'declined');
    query.reload();
  };

  if (requests === undefined) return <p className="muted">{query.error ? query.error.message : 'Reading the requests…'}</p>;
  if (requests.length === 0) return <p className="muted">None waiting.</p>;
  return (
    <>
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      {progress && (
        <p className="notice" role="status">
          {progress}
        </p>
      )}
      <ul className="plain" data-testid="look-back-requests">
        {requests.map((r) => (
          <li key={r.requestId} data-testid={`look-back-request-${r.requestId}`}>
            <strong>{r.requestId}</strong>: donor <Hash value={r.donorPseudonym} />, {r.reason}{' '}
            <span className="muted">
              (asked by {r.lastChange.by.name} of {r.lastChange.by.mspId}, <Instant at={r.requestedAt} />)
            </span>
            {decides && (
              <div className="actions">
                <button type="button" className="primary" disabled={confirming} onClick={() => void confirm(r.requestId)}>
                  Confirm and run the look-back
                </button>
                <ReasonAction
                  label="Decline"
                  run={(reason) => client.request(DECLINE_LOOK_BACK_REQUEST, { requestId: r.requestId, decline: { reason } })}
                  onDone={() => void declined(r.requestId)}
                />
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
