// The search page: reads the identifier every way it may be meant, looks each reading up, and opens the page
// at once when exactly one object is found; otherwise lists what was found, and what not.
import { useEffect, useState } from 'react';
import { useGraphQL } from '../../graphql/graphql-context';
import { messageOf } from '../../graphql/graphql-failure';
import { readIdentifier, type Reading } from '../../identifiers/identifier-kinds';
import { Link, useRouter } from '../../router/router';
import { lookUp, type LookUp } from '../../search/look-up';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';

const KIND_NAMES: Readonly<Record<Reading['kind'], string>> = {
  donation: 'Donation',
  pool: 'Pool',
  lot: 'Lot',
  vial: 'Vial',
  transaction: 'Transaction',
  block: 'Block',
};

function describe(reading: Reading): string {
  switch (reading.kind) {
    case 'donation':
    case 'pool':
      return `${reading.din} ${reading.checkCharacter}`;
    case 'vial':
      return `${reading.code} (${reading.scheme === 'gs1' ? 'GS1' : 'drug traceability code'})`;
    case 'lot':
      return reading.lotId;
    case 'transaction':
      return reading.id;
    case 'block':
      return `#${reading.number}`;
  }
}

export function SearchPage() {
  const { client } = useGraphQL();
  const { location, navigate } = useRouter();
  const text = location.query.get('q') ?? '';
  const [results, setResults] = useState<{
    text: string;
    lookUps: (LookUp | { reading: Reading; outcome: 'failed'; message: string })[];
  }>();
  const { readings, problem } = readIdentifier(text);

  useEffect(() => {
    let current = true;
    setResults(undefined);
    // Each look-up catches its own failure, so this chain does not reject.
    void Promise.all(
      readIdentifier(text).readings.map((reading) =>
        lookUp(client, reading).catch((error: unknown) => ({ reading, outcome: 'failed' as const, message: messageOf(error) })),
      ),
    ).then((lookUps) => {
      if (!current) return;
      const found = lookUps.filter((l) => l.outcome === 'found');
      const open = found.length === 1 ? found[0]!.to : undefined;
      // A DIN names a donation or a pool, never both: one object found is the one meant.
      if (open) navigate(open, { replace: true });
      else setResults({ text, lookUps });
    });
    return () => {
      current = false;
    };
  }, [text, client, navigate]);

  return (
    <Page kicker="Search" title={text || 'Search'}>
      {readings.length === 0 && (
        <Panel>
          <p className="notice error" role="alert" data-testid="search-problem">
            {problem ??
              'This is not an identifier the network knows: a DIN, a pool, a lot, a vial code, a transaction id or a block number.'}
          </p>
        </Panel>
      )}
      {readings.length > 0 && results?.text !== text && <div className="loading">Looking up…</div>}
      {results?.text === text && (
        <Panel title="Results">
          <ul className="results" data-testid="search-results">
            {results.lookUps.map((result) => (
              <li
                key={`${result.reading.kind}:${describe(result.reading)}`}
                className={`result outcome-${result.outcome.replace(' ', '-')}`}
              >
                <span className="result-kind">{KIND_NAMES[result.reading.kind]}</span>
                <span className="result-id">{describe(result.reading)}</span>
                {result.outcome === 'found' && (
                  <>
                    <Link to={result.to}>Open</Link> <span className="muted">{result.summary}</span>
                  </>
                )}
                {result.outcome === 'absent' && <span className="muted">not recorded</span>}
                {result.outcome === 'failed' && <span className="notice error">{result.message}</span>}
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </Page>
  );
}
