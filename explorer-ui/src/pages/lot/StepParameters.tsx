// A process step's parameters as exported from the MES and stored off-chain under the hash the step carries: each
// critical process parameter with its value. Said plainly when the export is not stored in the gateway (a step
// recorded by a direct ledger client) or when the reader's role may not read process data.
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useQuery } from '../../graphql/use-query';
import { CITED_DOCUMENT } from './dossier-operations';

function decodeJson(base64: string): unknown {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function StepParameters({ hash }: { readonly hash: string }) {
  const query = useQuery(CITED_DOCUMENT, { sha256: hash });
  if (query.error instanceof GraphQLFailure && query.error.code === 'FORBIDDEN') {
    return <div className="muted">Your role does not read process data.</div>;
  }
  if (query.error) return <div className="notice error">{query.error.message}</div>;
  const document = query.data?.document;
  if (query.data === undefined) return null;
  if (document === null || document === undefined) return <div className="muted">Not stored in the gateway.</div>;
  if (document.contentBase64 === null || !/json$/.test(document.mediaType))
    return (
      <div className="muted">
        {document.fileName} ({document.mediaType})
      </div>
    );
  const content = decodeJson(document.contentBase64);
  const entries =
    content !== null && typeof content === 'object' && !Array.isArray(content) ? Object.entries(content) : [['value', content] as const];
  return (
    <dl className="parameters" data-testid="step-parameters">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{shown(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
