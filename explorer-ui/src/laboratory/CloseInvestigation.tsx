// Closing an OOS investigation, by the laboratory that reported the result: confirmed (the failure stands) or
// invalidated (a laboratory error: the result stops counting, its lot's OOS hold lifts, a bag held for it goes back),
// with the root cause and the CAPA. The ledger refuses another organisation's laboratory.
import { useState, type SubmitEvent } from 'react';
import { useGraphQL } from '../graphql/graphql-context';
import { messageOf } from '../graphql/graphql-failure';
import { untilIndexed } from '../ledger/until-indexed';
import { ChoiceSelect } from '../ui/ChoiceSelect';
import { Field } from '../ui/Field';
import { CLOSE_OOS_INVESTIGATION, SUBJECT_TESTS } from './laboratory-operations';
import type { SubjectTestsQueryVariables } from '../graphql/generated/operations';

const OUTCOMES = {
  confirmed: 'Confirmed: the failure stands',
  invalidated: 'Invalidated: a laboratory error, the result stops counting',
} as const;
type Outcome = keyof typeof OUTCOMES;

export function CloseInvestigation(props: {
  readonly resultId: string;
  readonly subject: SubjectTestsQueryVariables;
  readonly onClosed: () => void;
}) {
  const { client } = useGraphQL();
  const [closure, setClosure] = useState<{ outcome?: Outcome; rootCause: string; capa: string }>({ rootCause: '', capa: '' });
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = (field: string): string => `${props.resultId}-${field}`;
  const { outcome } = closure;

  const close = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (outcome === undefined) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const { resultId } = props;
      await client.request(CLOSE_OOS_INVESTIGATION, {
        resultId,
        closure: { outcome, rootCause: closure.rootCause.trim(), capa: closure.capa.trim() },
      });
      await untilIndexed(async () =>
        (await client.request(SUBJECT_TESTS, props.subject)).testResults.some(
          (r) => r.resultId === resultId && r.investigation?.status !== 'open',
        ),
      );
      props.onClosed();
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details data-testid={`close-investigation-${props.resultId}`}>
      <summary>Close the investigation</summary>
      <form className="form" onSubmit={(e) => void close(e)}>
        <Field label="Outcome" id={id('outcome')}>
          <ChoiceSelect
            id={id('outcome')}
            choices={OUTCOMES}
            value={outcome}
            onChange={(chosen) => setClosure({ ...closure, outcome: chosen })}
            unchosen="Choose…"
          />
        </Field>
        <Field label="Root cause" id={id('rootCause')}>
          <input id={id('rootCause')} value={closure.rootCause} onChange={(e) => setClosure({ ...closure, rootCause: e.target.value })} />
        </Field>
        <Field label="CAPA" id={id('capa')}>
          <input id={id('capa')} value={closure.capa} onChange={(e) => setClosure({ ...closure, capa: e.target.value })} />
        </Field>
        {problem && (
          <p className="notice error" role="alert">
            {problem}
          </p>
        )}
        <button
          type="submit"
          className="primary"
          disabled={busy || outcome === undefined || closure.rootCause.trim() === '' || closure.capa.trim() === ''}
        >
          {busy ? 'Closing…' : 'Close the investigation'}
        </button>
      </form>
    </details>
  );
}
