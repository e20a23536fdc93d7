// The regulator's conclusion of a complete look-back case: cleared or confirmed, and why, signed with their password
// entered again (meaning look-back-conclusion). The ledger binds the signature to the case as it stands, its findings'
// hash chain included, and refuses a case still in progress or concluded already.
import { useState } from 'react';
import type { LookBackCase } from '@plasma/chaincode/browser';
import { useGraphQL } from '../../graphql/graphql-context';
import { untilIndexed } from '../../ledger/until-indexed';
import { SignDialog } from '../../signatures/SignDialog';
import { ChoiceSelect } from '../../ui/ChoiceSelect';
import { Field } from '../../ui/Field';
import { CONCLUDE_LOOK_BACK, LOOK_BACK_CASE_INDEXED } from './look-back-operations';

type Outcome = NonNullable<LookBackCase['conclusion']>['outcome'];

/** What each outcome means for the case's lots, as the regulator chooses it. */
const OUTCOMES: Readonly<Record<Outcome, string>> = {
  cleared: "Cleared: the donor's reactive result was not confirmed; the lots' look-back holds may be lifted",
  confirmed: 'Confirmed: the holds stay and the lots go to disposition',
};

export function ConcludeLookBack(props: { readonly caseId: string; readonly onConcluded: () => void }) {
  const { client } = useGraphQL();
  const [outcome, setOutcome] = useState<Outcome>();
  const [reason, setReason] = useState('');
  const [signing, setSigning] = useState(false);

  const sign = async (password: string): Promise<void> => {
    const { caseId } = props;
    await client.request(CONCLUDE_LOOK_BACK, { caseId, conclusion: { outcome: outcome!, reason: reason.trim() }, password });
    await untilIndexed(async () => (await client.request(LOOK_BACK_CASE_INDEXED, { caseId })).lookBackCase?.conclusion != null);
    props.onConcluded();
  };

  return (
    <div data-testid="conclude-look-back">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setSigning(true);
        }}
      >
        <Field label="Outcome" id="conclusion-outcome">
          <ChoiceSelect id="conclusion-outcome" choices={OUTCOMES} value={outcome} onChange={setOutcome} unchosen="Choose…" />
        </Field>
        <Field label="Reason" id="conclusion-reason" help="E.g. the confirmatory test of the donor's sample was negative.">
          <input id="conclusion-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={outcome === undefined || reason.trim() === ''}>
          Sign the conclusion…
        </button>
      </form>
      {signing && outcome && (
        <SignDialog meaning="look-back-conclusion" onSign={sign} onClose={() => setSigning(false)}>
          <div>
            Conclude look-back {props.caseId}: {OUTCOMES[outcome]}
          </div>
          <div className="muted">Reason: {reason.trim()}</div>
        </SignDialog>
      )}
    </div>
  );
}
