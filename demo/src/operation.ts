// A typed GraphQL operation: its document, with the shape of its answer and of its variables carried as types only.
// The demo's own operations (operations.ts) take those types from GraphQL Code Generator (generated/operations.ts),
// so they cannot drift from the document; every document stays a plain GraphQL-tagged template that the generator
// and a test pluck and check against the gateway's schema.
export interface Operation<TData, TVariables> {
  readonly document: string;
  /** Never set: carries the types. */
  readonly types?: { readonly data: TData; readonly variables: TVariables };
}

export type NoVariables = Record<string, never>;

export const operation = <TData, TVariables = NoVariables>(document: string): Operation<TData, TVariables> => ({ document });

/**
 * The fields `K` of a chaincode record as a GraphQL selection answers them: a field the record leaves out comes as
 * null. For operations the code generator does not see (tests' own documents); nested records are selected with
 * their own `Answered` in place of the field.
 */
export type Answered<TRecord, K extends keyof TRecord> = {
  readonly [P in K]-?: undefined extends TRecord[P] ? Exclude<TRecord[P], undefined> | null : TRecord[P];
};
