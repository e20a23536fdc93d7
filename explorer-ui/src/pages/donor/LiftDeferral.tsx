// Lifting a deferral before its end: why, as one of the ledger's categories (the donor's details stay at the station).
import { useState, type SubmitEvent } from 'react';
import { LIFT_REASONS } from '@plasma/chaincode/browser';
import { useMutation } from '../../graphql/use-mutation';
import { LIFT_DEFERRAL } from './donor-operations';

const LIFT_TEXT: Record<(typeof LIFT_REASONS)[number], string> = {
  'entered-in-error': 'entered in error',
  'finding-invalidated': 'the finding was invalidated',
  'medical-review': 'a medical review found the donor fit',
  other: 'another reason in the records',
};

export function LiftDeferral({
  donorPseudonym,
  deferralId,
  onLifted,
}: {
  readonly donorPseudonym: string;
  readonly deferralId: string;
  readonly onLifted: () => void;
}) {
  const lift = useMutation(LIFT_DEFERRAL);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<string>(LIFT_REASONS[0]);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (await lift.run({ donorPseudonym, deferralId, reason })) onLifted();
  };

  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Lift deferral
      </button>
    );
  return (
    <form className="reason-action" onSubmit={(e) => void submit(e)}>
      <label>
        Why
        <select value={reason} onChange={(e) => setReason(e.target.value)}>
          {LIFT_REASONS.map((r) => (
            <option key={r} value={r}>
              {LIFT_TEXT[r]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={lift.running}>
        {lift.running ? 'Recording…' : 'Lift deferral'}
      </button>
      <button type="button" className="quiet" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {lift.error && (
        <p className="notice error" role="alert">
          {lift.error.message}
        </p>
      )}
    </form>
  );
}
