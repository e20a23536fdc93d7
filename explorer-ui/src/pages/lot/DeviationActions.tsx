// Deviations of a lot in process: production, QA or the QP raises one (its number, what happened, how grave), and
// quality closes it with its CAPA (root cause, corrective and preventive action), which approves the CAPA. An open
// deviation holds the lot's release; the ledger decides who may and when, the page offers what the role matrix allows.
import { useState, type SubmitEvent } from 'react';
import type { GraphQLClient } from '../../graphql/client';
import type { BatchRecordQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { useSubmission } from '../../graphql/use-submission';
import { untilIndexed } from '../../ledger/until-indexed';
import { useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { BATCH_RECORD } from './dossier-operations';
import { CLOSE_DEVIATION, RAISE_DEVIATION } from './lot-operations';
import { SubmitRow } from '../../ui/SubmitRow';

const CLASSIFICATIONS = ['minor', 'major', 'critical'] as const;

/** The batch record reads the projection, a block behind the ledger: wait until it shows the deviation as `shown`. */
const untilRecorded = (
  client: GraphQLClient,
  lotId: string,
  shown: (deviation: BatchRecordQuery['deviations'][number]) => boolean,
): Promise<void> => untilIndexed(async () => (await client.request(BATCH_RECORD, { lotId })).deviations.some(shown));

export function RaiseDeviation({ lotId, onDone }: { readonly lotId: string; readonly onDone: () => void }) {
  const { client } = useGraphQL();
  const [form, setForm] = useState({ deviationId: '', description: '', classification: 'minor' });
  const { submit, busy, fieldProblem, general } = useSubmission([
    'deviation.deviationId',
    'deviation.description',
    'deviation.classification',
  ]);
  const complete = form.deviationId.trim() !== '' && form.description.trim() !== '';

  const raise = (event: SubmitEvent): void => {
    event.preventDefault();
    const deviation = { deviationId: form.deviationId.trim(), description: form.description.trim(), classification: form.classification };
    void submit(
      async () => {
        await client.request(RAISE_DEVIATION, { lotId, deviation });
        await untilRecorded(client, lotId, (d) => d.deviationId === deviation.deviationId);
      },
      () => {
        setForm({ deviationId: '', description: '', classification: 'minor' });
        onDone();
      },
    );
  };

  return (
    <details data-testid="raise-deviation">
      <summary>Raise a deviation</summary>
      <form className="form" onSubmit={raise}>
        <Field label="Deviation number" id="deviation-id" problem={fieldProblem('deviation.deviationId')}>
          <input id="deviation-id" value={form.deviationId} onChange={(e) => setForm({ ...form, deviationId: e.target.value })} />
        </Field>
        <Field label="What happened" id="deviation-description" problem={fieldProblem('deviation.description')}>
          <input id="deviation-description" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </Field>
        <Field label="Classification" id="deviation-classification" problem={fieldProblem('deviation.classification')}>
          <select
            id="deviation-classification"
            value={form.classification}
            onChange={(e) => setForm({ ...form, classification: e.target.value })}
          >
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <SubmitRow general={general} busy={busy} ready={complete} label="Raise deviation" />
      </form>
    </details>
  );
}

export function CloseDeviation({
  lotId,
  deviationId,
  onDone,
}: {
  readonly lotId: string;
  readonly deviationId: string;
  readonly onDone: () => void;
}) {
  const { client } = useGraphQL();
  const [capa, setCapa] = useState({ rootCause: '', correctiveAction: '', preventiveAction: '' });
  const { submit, busy, fieldProblem, general } = useSubmission(['capa.rootCause', 'capa.correctiveAction', 'capa.preventiveAction']);
  const complete = Object.values(capa).every((v) => v.trim() !== '');
  const id = (field: string): string => `capa-${deviationId}-${field}`;

  const close = (event: SubmitEvent): void => {
    event.preventDefault();
    const trimmed = {
      rootCause: capa.rootCause.trim(),
      correctiveAction: capa.correctiveAction.trim(),
      preventiveAction: capa.preventiveAction.trim(),
    };
    void submit(async () => {
      await client.request(CLOSE_DEVIATION, { lotId, deviationId, capa: trimmed });
      await untilRecorded(client, lotId, (d) => d.deviationId === deviationId && d.capa !== null);
    }, onDone);
  };

  return (
    <details data-testid={`close-deviation-${deviationId}`}>
      <summary>Close with CAPA</summary>
      <form className="form" onSubmit={close}>
        <Field label="Root cause" id={id('root')} problem={fieldProblem('capa.rootCause')}>
          <input id={id('root')} value={capa.rootCause} onChange={(e) => setCapa({ ...capa, rootCause: e.target.value })} />
        </Field>
        <Field label="Corrective action" id={id('corrective')} problem={fieldProblem('capa.correctiveAction')}>
          <input
            id={id('corrective')}
            value={capa.correctiveAction}
            onChange={(e) => setCapa({ ...capa, correctiveAction: e.target.value })}
          />
        </Field>
        <Field label="Preventive action" id={id('preventive')} problem={fieldProblem('capa.preventiveAction')}>
          <input
            id={id('preventive')}
            value={capa.preventiveAction}
            onChange={(e) => setCapa({ ...capa, preventiveAction: e.target.value })}
          />
        </Field>
        <SubmitRow general={general} busy={busy} ready={complete} label="Close deviation" />
      </form>
    </details>
  );
}

/** Whether the signed-in person may raise, or close, a deviation of a lot: the role matrix's answer. */
export function useDeviationRights(): { readonly raises: boolean; readonly closes: boolean } {
  const session = useSession();
  return { raises: session.may('Lot:RaiseDeviation'), closes: session.may('Lot:CloseDeviation') };
}
