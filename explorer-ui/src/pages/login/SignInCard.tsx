// The card of the pages before the explorer opens (signing in, choosing one's own password): the brand, a title, the
// fields, the gateway's refusal in its own words, and a submit button that waits for the answer.
import { useState, type ReactNode, type SubmitEvent } from 'react';
import { messageOf } from '../../graphql/graphql-failure';

export function SignInCard({
  titleId,
  title,
  intro,
  submitLabel,
  busyLabel,
  onSubmit,
  children,
  footer,
}: {
  readonly titleId: string;
  readonly title: string;
  readonly intro: ReactNode;
  readonly submitLabel: string;
  readonly busyLabel: string;
  /** Throws what the person should read: the gateway's refusal, or the page's own check. */
  readonly onSubmit: () => Promise<void>;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
}) {
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await onSubmit();
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby={titleId}>
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true" />
          Plasma trace
        </div>
        <h1 id={titleId}>{title}</h1>
        {intro}
        {children}
        {failure && (
          <p className="notice error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {footer}
      </form>
    </main>
  );
}
