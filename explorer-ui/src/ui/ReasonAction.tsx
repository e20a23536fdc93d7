// An action that changes a record for a stated reason (a hold, a recall): a button that opens a reason field,
// then runs the action and reports the ledger's answer. Pages offer it only to people who may take it.
import { useState, type SubmitEvent } from 'react';
import { messageOf } from '../graphql/graphql-failure';

export function ReasonAction({
  label,
  run,
  onDone,
}: {
  readonly label: string;
  readonly run: (reason: string) => Promise<unknown>;
  readonly onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await run(reason.trim());
      setOpen(false);
      setReason('');
      onDone();
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <form className="reason-action" onSubmit={(e) => void submit(e)}>
      <label>
        Reason for “{label.toLowerCase()}”<input value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus />
      </label>
      <button type="submit" className="primary" disabled={busy || reason.trim() === ''}>
        {busy ? 'Recording…' : label}
      </button>
      <button type="button" className="quiet" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
