// What a panel shows while its query runs or after it failed, so each page handles both the same way.
import type { QueryState } from '../graphql/use-query';

export function QueryStatus({ query, what }: { readonly query: QueryState<unknown>; readonly what: string }) {
  if (query.error) {
    return (
      <div className="notice error" role="alert">
        Could not load {what}: {query.error.message}{' '}
        <button type="button" className="link" onClick={query.reload}>
          Try again
        </button>
      </div>
    );
  }
  if (query.loading && query.data === undefined)
    return (
      <div className="loading" aria-busy="true">
        Loading {what}…
      </div>
    );
  return null;
}
