// Deferring a donor from now: temporary with its end, or permanent, and a category of reason (never the donor's
// health details: those stay in the station's own records). The ledger checks that the station may defer this donor.
import { useState, type SubmitEvent } from 'react';
import { DEFERRAL_KINDS, DEFERRAL_REASONS } from '@plasma/chaincode/browser';
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useMutation } from '../../graphql/use-mutation';
import { Field } from '../../ui/Field';
import { localInputValue } from '../../ui/local-time';
import { DEFER_DONOR } from './donor-operations';

const REASON_TEXT: Record<(typeof DEFERRAL_REASONS)[number], string> = {
  'reactive-test': 'a reactive screening test',
  medical: 'a medical finding',
  'exposure-risk': 'a risk of exposure (travel, tattoo, contact)',
  'look-back': 'a look-back on the donor',
  other: 'another reason in the station’s records',
};

export function DeferDonor({ donorPseudonym, onDeferred }: { readonly donorPseudonym: string; readonly onDeferred: () => void }) {
  const defer = useMutation(DEFER_DONOR);
  const [form, setForm] = useState({ kind: 'temporary', reason: 'medical', until: localInputValue(Date.now() + 30 * 86_400_000) });
  const refused = defer.error instanceof GraphQLFailure ? defer.error : undefined;
  const problemOf = (field: string): string | undefined => (refused?.field === `deferral.${field}` ? refused.message : undefined);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const until = form.kind === 'temporary' ? { until: new Date(form.until).toISOString() } : {};
    const result = await defer.run({ donorPseudonym, deferral: { kind: form.kind, reason: form.reason, ...until } });
    if (result) onDeferred();
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <Field label="Deferral" id="deferral-kind" problem={problemOf('kind')}>
        <select id="deferral-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
          {DEFERRAL_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Reason"
        id="deferral-reason"
        problem={problemOf('reason')}
        help="A category only: the details stay in the station's records."
      >
        <select id="deferral-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })}>
          {DEFERRAL_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {REASON_TEXT[reason]}
            </option>
          ))}
        </select>
      </Field>
      {form.kind === 'temporary' && (
        <Field label="Until" id="deferral-until" problem={problemOf('until')} help="From then on the donor may give again.">
          <input
            id="deferral-until"
            type="datetime-local"
            value={form.until}
            onChange={(e) => setForm({ ...form, until: e.target.value })}
          />
        </Field>
      )}
      {defer.error && !refused?.field?.startsWith('deferral.') && (
        <p className="notice error" role="alert">
          {defer.error.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={defer.running}>
        {defer.running ? 'Recording…' : 'Defer donor'}
      </button>
    </form>
  );
}
