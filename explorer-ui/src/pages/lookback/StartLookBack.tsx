// Starting a look-back: the donor's pseudonym, why, and optionally a window longer than the jurisdiction's. The
// case then runs step by step on the ledger (each step a transaction, so none grows too large) until complete,
// and its report opens.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { useGraphQL } from '../../graphql/graphql-context';
import { GraphQLFailure, messageOf } from '../../graphql/graphql-failure';
import { useRouter } from '../../router/router';
import { Field } from '../../ui/Field';
import { OPEN_LOOK_BACK, type LookBackProgress } from './look-back-operations';
import { runCase } from './run-case';

export function StartLookBack() {
  const { client } = useGraphQL();
  const { navigate } = useRouter();
  const [form, setForm] = useState({ donorPseudonym: '', reason: '', from: '' });
  const [progress, setProgress] = useState<LookBackProgress>();
  const [failure, setFailure] = useState<GraphQLFailure | Error>();
  const pseudonym = form.donorPseudonym.trim();
  const pseudonymProblem =
    pseudonym !== '' && !/^[0-9a-f]{64}$/.test(pseudonym) ? 'The donor pseudonym is 64 lowercase hex characters.' : undefined;
  const fieldProblem = (field: string): string | undefined =>
    failure instanceof GraphQLFailure && failure.field?.startsWith(field) ? failure.message : undefined;

  const start = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setFailure(undefined);
    try {
      const window = form.from ? { from: new Date(form.from).toISOString() } : {};
      const { openLookBack } = await client.request(OPEN_LOOK_BACK, { donorPseudonym: pseudonym, reason: form.reason.trim(), window });
      navigate(paths.lookBack(await runCase(client, openLookBack, setProgress)));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(messageOf(error)));
    }
  };

  const running = progress !== undefined && failure === undefined;
  return (
    <form className="form" onSubmit={(e) => void start(e)}>
      <Field
        label="Donor pseudonym"
        id="lb-donor"
        problem={pseudonymProblem ?? fieldProblem('donorPseudonym')}
        help="The HMAC pseudonym the station's donor register gives for the donor who seroconverted."
      >
        <input
          id="lb-donor"
          value={form.donorPseudonym}
          onChange={(e) => setForm({ ...form, donorPseudonym: e.target.value })}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
      <Field
        label="Reason"
        id="lb-reason"
        problem={fieldProblem('reason')}
        help="E.g. anti-HCV reactive on donation G1001 26 000123, confirmed."
      >
        <input id="lb-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
      </Field>
      <Field
        label="Window starts (optional)"
        id="lb-from"
        problem={fieldProblem('window')}
        help="Leave empty for the jurisdiction's window; a window may be longer, never shorter."
      >
        <input id="lb-from" type="datetime-local" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
      </Field>
      {failure && !(failure instanceof GraphQLFailure && failure.field) && (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      )}
      {running && (
        <p className="notice" role="status" data-testid="look-back-progress">
          Case {progress.caseId}: step {progress.steps}, {progress.counts.donations} donations, {progress.counts.pools} pools,{' '}
          {progress.counts.lots} lots found…
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={running || pseudonym === '' || pseudonymProblem !== undefined || form.reason.trim() === ''}
      >
        {running ? 'Running the look-back…' : 'Start look-back'}
      </button>
    </form>
  );
}
