// Corrections of a mistyped collection item (EU GMP Annex 11 §9): the list with each original value, and, while the
// bag is at the station, a proposal for its staff and the review for its QA. The ledger checks that the reviewer is
// another person than the proposer; the page does not guess it.
import { useState, type SubmitEvent } from 'react';
import { isAtStation, type CorrectableField } from '@plasma/chaincode/browser';
import type { DonationQuery } from '../../graphql/generated/operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useMutation } from '../../graphql/use-mutation';
import { untilIndexed } from '../../ledger/until-indexed';
import { useSession } from '../../session/session';
import { Field } from '../../ui/Field';
import { Instant } from '../../ui/Instant';
import { Panel } from '../../ui/Panel';
import { ReasonAction } from '../../ui/ReasonAction';
import { DONATION, PROPOSE_CORRECTION, REVIEW_CORRECTION } from './donation-operations';

type Donation = NonNullable<DonationQuery['donation']>;

/** The items a correction may change, as the form names them: the chaincode's own list, which the compiler holds this to. */
const ITEMS: Readonly<Record<CorrectableField, string>> = {
  volumeMl: 'Volume (mL)',
  deviceSerial: 'Apheresis device serial',
  anticoagulantLot: 'Anticoagulant / bag-set lot',
};
const itemName = (field: string): string => (Object.hasOwn(ITEMS, field) ? ITEMS[field as CorrectableField] : field);

export function Corrections({ donation, onChanged }: { readonly donation: Donation; readonly onChanged: () => void }) {
  const session = useSession();
  const { client } = useGraphQL();
  const corrections = donation.corrections ?? [];
  const waiting = corrections.at(-1)?.status === 'proposed';
  const ours = session.person.organisation.mspId === donation.station && isAtStation(donation.status);
  // The page reads the projection, a block behind the ledger: wait for the change before showing it.
  const afterChange = async (changed: (d: Donation) => boolean): Promise<void> => {
    await untilIndexed(async () => {
      const { donation: now } = await client.request(DONATION, { din: donation.din });
      return now !== null && changed(now);
    });
    onChanged();
  };
  const review = useMutation(REVIEW_CORRECTION);
  const reviewed = (d: Donation): boolean => d.corrections?.at(-1)?.status !== 'proposed';

  return (
    <Panel title="Corrections">
      {corrections.length === 0 ? (
        <p className="muted">None: every collection item stands as recorded.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="corrections">
            <thead>
              <tr>
                <th>Item</th>
                <th>Recorded → corrected</th>
                <th>Reason</th>
                <th>Proposed</th>
                <th>Review</th>
              </tr>
            </thead>
            <tbody>
              {corrections.map((c) => (
                <tr key={`${c.proposedAt}-${c.field}`}>
                  <td>{itemName(c.field)}</td>
                  <td>
                    {c.from} → {c.to}
                  </td>
                  <td>{c.reason}</td>
                  <td>
                    {c.proposedBy.name}, <Instant at={c.proposedAt} />
                  </td>
                  <td>
                    {c.status === 'proposed' ? (
                      'waiting for QA'
                    ) : (
                      <>
                        {c.status} by {c.reviewedBy?.name}, <Instant at={c.reviewedAt} />
                        {c.rejectionReason ? `: ${c.rejectionReason}` : ''}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {waiting && ours && session.may('Donation:ReviewCorrection') && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={review.running}
            onClick={() =>
              void review.run({ din: donation.din, review: { decision: 'apply' } }).then((done) => done && afterChange(reviewed))
            }
          >
            Apply correction
          </button>
          <ReasonAction
            label="Reject correction"
            run={(reason) => client.request(REVIEW_CORRECTION, { din: donation.din, review: { decision: 'reject', reason } })}
            onDone={() => void afterChange(reviewed)}
          />
          {review.error && (
            <p className="notice error" role="alert">
              {review.error.message}
            </p>
          )}
        </div>
      )}
      {!waiting && ours && session.may('Donation:ProposeCorrection') && (
        <ProposeCorrection
          donation={donation}
          onProposed={() => void afterChange((d) => (d.corrections?.length ?? 0) > corrections.length)}
        />
      )}
    </Panel>
  );
}

function ProposeCorrection({ donation, onProposed }: { readonly donation: Donation; readonly onProposed: () => void }) {
  const propose = useMutation(PROPOSE_CORRECTION);
  const [form, setForm] = useState({ field: 'volumeMl', to: '', reason: '' });
  const refused = propose.error instanceof GraphQLFailure ? propose.error : undefined;
  const problemOf = (field: string): string | undefined => (refused?.field === `correction.${field}` ? refused.message : undefined);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (await propose.run({ din: donation.din, correction: { field: form.field, to: form.to.trim(), reason: form.reason.trim() } })) {
      setForm({ ...form, to: '', reason: '' });
      onProposed();
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <p className="muted">
        A mistyped item is corrected with a reason; QA, another person, applies it. The recorded value stays on the record.
      </p>
      <Field label="Item to correct" id="correction-field" problem={problemOf('field')}>
        <select id="correction-field" value={form.field} onChange={(e) => setForm({ ...form, field: e.target.value })}>
          {Object.entries(ITEMS).map(([field, label]) => (
            <option key={field} value={field}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Right value" id="correction-to" problem={problemOf('to')}>
        <input id="correction-to" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} autoComplete="off" />
      </Field>
      <Field label="Why" id="correction-reason" problem={problemOf('reason')}>
        <input id="correction-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
      </Field>
      {propose.error && !refused?.field?.startsWith('correction.') && (
        <p className="notice error" role="alert">
          {propose.error.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={propose.running || form.to.trim() === '' || form.reason.trim() === ''}>
        {propose.running ? 'Recording…' : 'Propose correction'}
      </button>
    </form>
  );
}
