// Signing: the person sees what they sign and what the signature means, and enters their password again
// (the second component of the signature, Part 11 §11.200). The password goes only to the signing mutation.
import { useEffect, useRef, useState, type SubmitEvent, type ReactNode } from 'react';
import { messageOf } from '../graphql/graphql-failure';
import { useSession } from '../session/session';
import { meaningText } from './signature-meanings';

export function SignDialog({
  meaning,
  children,
  onSign,
  onClose,
}: {
  readonly meaning: string;
  /** What is being signed, shown above the password. */
  readonly children: ReactNode;
  readonly onSign: (password: string) => Promise<void>;
  readonly onClose: () => void;
}) {
  const { person } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await onSign(password);
      onClose();
    } catch (error) {
      setProblem(messageOf(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="sign-dialog" onClose={onClose} aria-labelledby="sign-title">
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="sign-title">Sign: {meaningText(meaning)}</h2>
        <div className="sign-what">{children}</div>
        <p>
          Signing as <strong>{person.displayName}</strong> ({person.organisation.name}). Your signature is bound to this record, with your
          name, the time and its meaning.
        </p>
        <label htmlFor="sign-password">Enter your password again to sign</label>
        <input
          id="sign-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoFocus
        />
        {problem && (
          <p className="notice error" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="quiet" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || password === ''}>
            {busy ? 'Signing…' : 'Sign'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
