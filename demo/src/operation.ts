// A typed GraphQL operation: its document, with the shape of its answer and of its variables carried as types only,
// so the demo declares what it asks and gets it back typed without a code generator, and every document stays a
// plain GraphQL-tagged template that a test plucks and validates against the gateway's schema.
export interface Operation<TData, TVariables> {
  readonly document: string;
  /** Never set: carries the types. */
  readonly types?: { readonly data: TData; readonly variables: TVariables };
}

export type NoVariables = Record<string, never>;

export const operation = <TData, TVariables = NoVariables>(document: string): Operation<TData, TVariables> => ({ document });
