// A long hash or id shortened to its ends, whole on hover and when copied.
export function Hash({ value, keep = 10 }: { readonly value: string; readonly keep?: number }) {
  const short = value.length > keep * 2 + 1 ? `${value.slice(0, keep)}…${value.slice(-keep)}` : value;
  return (
    <code className="hash" title={value}>
      {short}
    </code>
  );
}
