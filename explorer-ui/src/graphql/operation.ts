// A typed GraphQL operation: its document, with the shape of its answer and of its variables carried as
// types only. Those types are what GraphQL Code Generator generates from the document against the gateway's schema
// (`npm run codegen` writes them to generated/operations.ts), so they cannot drift from what the document selects.
// Every document is written whole as operation<XQuery, XQueryVariables>(/* GraphQL */ `…`), never pieced together,
// so that the generator and a gateway test (gateway-api/test/unit/schema.test.ts) find each one.
export interface Operation<TData, TVariables> {
  readonly document: string;
  /** Never set: carries the types. */
  readonly types?: { readonly data: TData; readonly variables: TVariables };
}

export type NoVariables = Record<string, never>;

export const operation = <TData, TVariables = NoVariables>(document: string): Operation<TData, TVariables> => ({ document });
