// Says plainly that a part of a page waits: for the gateway, which does not serve the GraphQL fields it needs
// yet, or, once it does, for the explorer to read them. Nothing is shown in its place, so nothing is invented.
import { useGraphQL } from '../graphql/graphql-context';
import type { SchemaField } from '../graphql/served-fields';

export function NotServed({ what, needs }: { readonly what: string; readonly needs: readonly SchemaField[] }) {
  const { served } = useGraphQL();
  const missing = served.missing(needs);
  const list = (fields: readonly SchemaField[]) => fields.map((f, i) => <span key={f}>{i > 0 && ', '}<code>{f}</code></span>);
  return (
    <div className="not-served" role="note" data-testid="not-served">
      <strong>{what}: not available yet.</strong>{' '}
      {missing.length > 0 ? <>The gateway does not serve {list(missing)} yet.</> : <>The gateway serves {list(needs)}; the explorer does not read it yet.</>}
    </div>
  );
}
