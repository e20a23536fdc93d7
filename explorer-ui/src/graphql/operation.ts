// A typed GraphQL operation: its document, with the shape of its answer and of its variables carried as
// types only, so that each page declares what it asks and gets it back typed without a code generator. Every
// document is written whole as operation<…>(/* GraphQL */ `…`), never pieced together, so that a gateway test
// (gateway-api/test/unit/operations.test.ts) finds each one and validates it against the gateway's schema.
export interface Operation<TData, TVariables> {
  readonly document: string;
  /** Never set: carries the types. */
  readonly types?: { readonly data: TData; readonly variables: TVariables };
}

export type NoVariables = Record<string, never>;

export const operation = <TData, TVariables = NoVariables>(document: string): Operation<TData, TVariables> => ({ document });
