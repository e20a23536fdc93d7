// The one search box: any identifier (a DIN with or without its check character, a pool, a lot, a vial code or
// a scanned GS1 DataMatrix, a transaction id, a block number). Enter opens the search page for it.
import { useState, type SubmitEvent } from 'react';
import { useRouter } from '../router/router';

export function SearchBox() {
  const { navigate, location } = useRouter();
  const [text, setText] = useState(location.path === '/search' ? (location.query.get('q') ?? '') : '');
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    // A scanner's GS separators survive in the address, encoded.
    if (text.trim() !== '') navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <input
        type="search"
        name="q"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label="Search any identifier"
        placeholder="DIN, pool, lot, vial code, transaction id or block number"
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit">Search</button>
    </form>
  );
}
