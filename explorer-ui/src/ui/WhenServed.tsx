// Shows its children only when the gateway serves every field they need; otherwise says which it waits for. The
// children are not mounted until then, so their queries never run against a schema that lacks them.
import type { ReactNode } from 'react';
import { useGraphQL } from '../graphql/graphql-context';
import type { SchemaField } from '../graphql/served-fields';
import { NotServed } from './NotServed';

export function WhenServed({ what, needs, children }: { readonly what: string; readonly needs: readonly SchemaField[]; readonly children: ReactNode }) {
  const { served } = useGraphQL();
  return served.missing(needs).length > 0 ? <NotServed what={what} needs={needs} /> : <>{children}</>;
}
