// An instant shown in the reader's local time, with the exact UTC value on hover and for machines.
const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function Instant({ at }: { readonly at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const date = new Date(at);
  return (
    <time dateTime={at} title={at}>
      {Number.isNaN(date.getTime()) ? at : FORMAT.format(date)}
    </time>
  );
}
