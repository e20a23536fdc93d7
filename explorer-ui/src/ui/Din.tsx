// A DIN as the bag's eye-readable label prints it: facility, year, sequence, and the check character boxed.
export function Din({ din, checkCharacter }: { readonly din: string; readonly checkCharacter?: string }) {
  return (
    <span className="din" title={`${din}${checkCharacter ?? ''}`}>
      {din.slice(0, 5)} {din.slice(5, 7)} {din.slice(7)}
      {checkCharacter && <span className="din-check">{checkCharacter}</span>}
    </span>
  );
}
