// Closing an OOS investigation, by the laboratory that reported the result: confirmed (the failure stands) or
// invalidated (a laboratory error: the result stops counting, its lot's OOS hold lifts, a bag held for it goes back),
// with the root cause and the CAPA. The ledger refuses another organisation's laboratory.
import { useState, type SubmitEvent } from 'react';
import { useGraphQL } from '../graphql/graphql-context';
import { useSubmission } from '../graphql/use-submission';
import { untilIndexed } from '../ledger/until-indexed';
import { ChoiceSelect } from '../ui/ChoiceSelect';
import { Field } from '../ui/Field';
import { CLOSE_OOS_INVESTIGATION, SUBJECT_TESTS } from './laboratory-operations';
import type { SubjectTestsQueryVariables } from '../graphql/generated/operations';
import { SubmitRow } from '../ui/SubmitRow';

const OUTCOMES = {
  confirmed: 'Confirmed: the failure stands',
  invalidated: 'Invalidated: a laboratory error, the result stops counting',
} as const;
type Outcome = keyof typeof OUTCOMES;
const CLOSURE_FIELDS = ['closure.outcome', 'closure.rootCause', 'closure.capa'];

export function CloseInvestigation(props: {
  readonly resultId: string;
  readonly subject: SubjectTestsQueryVariables;
  readonly onClosed: () => void;
}) {
  const { client } = useGraphQL();
  const [closure, setClosure] = useState<{ outcome?: Outcome; rootCause: string; capa: string }>({ rootCause: '', capa: '' });
  const { submit, busy, fieldProblem, general } = useSubmission(CLOSURE_FIELDS);
  const id = (field: string): string => `${props.resultId}-${field}`;
  const { outcome } = closure;

  const close = (event: SubmitEvent): void => {
    event.preventDefault();
    if (outcome === undefined) return;
    const { resultId } = props;
    void submit(async () => {
      await client.request(CLOSE_OOS_INVESTIGATION, {
        resultId,
        closure: { outcome, rootCause: closure.rootCause.trim(), capa: closure.capa.trim() },
      });
      await untilIndexed(async () =>
        (await client.request(SUBJECT_TESTS, props.subject)).testResults.some(
          (r) => r.resultId === resultId && r.investigation?.status !== 'open',
        ),
      );
    }, props.onClosed);
  };

  return (
    <details data-testid={`close-investigation-${props.resultId}`}>
      <summary>Close the investigation</summary>
      <form className="form" onSubmit={close}>
        <Field label="Outcome" id={id('outcome')} problem={fieldProblem('closure.outcome')}>
          <ChoiceSelect
            id={id('outcome')}
            choices={OUTCOMES}
            value={outcome}
            onChange={(chosen) => setClosure({ ...closure, outcome: chosen })}
            unchosen="Choose…"
          />
        </Field>
        <Field label="Root cause" id={id('rootCause')} problem={fieldProblem('closure.rootCause')}>
          <input id={id('rootCause')} value={closure.rootCause} onChange={(e) => setClosure({ ...closure, rootCause: e.target.value })} />
        </Field>
        <Field label="CAPA" id={id('capa')} problem={fieldProblem('closure.capa')}>
          <input id={id('capa')} value={closure.capa} onChange={(e) => setClosure({ ...closure, capa: e.target.value })} />
        </Field>
        <SubmitRow
          general={general}
          busy={busy}
          ready={outcome !== undefined && closure.rootCause.trim() !== '' && closure.capa.trim() !== ''}
          label="Close the investigation"
        />
      </form>
    </details>
  );
}
