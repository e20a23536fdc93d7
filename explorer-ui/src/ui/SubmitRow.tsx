// A form's last row: the refusal no field of the form shows beside itself (useSubmission's `general`), above its
// submit button, which says "Recording…" while the form's mutations run and waits until the form is `ready`.
export function SubmitRow({
  general,
  busy,
  ready,
  label,
}: {
  readonly general: string | undefined;
  readonly busy: boolean;
  readonly ready: boolean;
  readonly label: string;
}) {
  return (
    <>
      {general && (
        <p className="notice error" role="alert">
          {general}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !ready}>
        {busy ? 'Recording…' : label}
      </button>
    </>
  );
}
