// A typed GraphQL operation: its document, with the shape of its answer and of its variables carried as types only.
// The demo's own operations (operations.ts) take those types from GraphQL Code Generator (generated/operations.ts),
// so they cannot drift from the document; every document stays a plain GraphQL-tagged template that the generator
// and a test pluck and check against the gateway's schema, and the fragments it spreads (fragments.ts) are named
// beside it, their text appended here, as the gateway needs them. The explorer's graphql/operation.ts does the same.
export interface Operation<TData, TVariables> {
  readonly document: string;
  /** Never set: carries the types. */
  readonly types?: { readonly data: TData; readonly variables: TVariables };
}

export type NoVariables = Record<string, never>;

/** A named fragment definition, with the fragments it spreads itself. */
export interface Fragment {
  readonly name: string;
  readonly definition: string;
  readonly fragments: readonly Fragment[];
}

export const fragment = (definition: string, fragments: readonly Fragment[] = []): Fragment => {
  const name = /^\s*fragment\s+(\w+)/.exec(definition)?.[1];
  if (name === undefined) throw new Error(`not a fragment definition: ${definition.slice(0, 60)}`);
  checkSpreads(name, definition, fragments);
  return { name, definition, fragments };
};

export const operation = <TData, TVariables = NoVariables>(
  document: string,
  fragments: readonly Fragment[] = [],
): Operation<TData, TVariables> => {
  checkSpreads(/^\s*\w+\s+(\w+)/.exec(document)?.[1] ?? 'an operation', document, fragments);
  const definitions = new Map<string, string>();
  const add = (each: Fragment): void => {
    if (definitions.has(each.name)) return;
    definitions.set(each.name, each.definition);
    each.fragments.forEach(add);
  };
  fragments.forEach(add);
  return { document: [document, ...definitions.values()].join('\n') };
};

/** The gateway refuses a fragment spread without its definition and a definition never spread: so must we, at once. */
function checkSpreads(owner: string, text: string, fragments: readonly Fragment[]): void {
  // Strings and comments may hold "..." too: only the document's own tokens are looked at.
  const tokens = text.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\\n])*"|#[^\n]*/g, '');
  const spread = new Set([...tokens.matchAll(/\.\.\.\s*(?!on\b)(\w+)/g)].flatMap((match) => match[1] ?? []));
  const given = new Set(fragments.map((each) => each.name));
  const missing = [...spread].filter((name) => !given.has(name));
  const unused = [...given].filter((name) => !spread.has(name));
  if (missing.length > 0 || unused.length > 0)
    throw new Error(`${owner}: fragments spread but not given: [${missing.join(', ')}]; given but not spread: [${unused.join(', ')}]`);
}

/**
 * The fields `K` of a chaincode record as a GraphQL selection answers them: a field the record leaves out comes as
 * null. For operations the code generator does not see (tests' own documents); nested records are selected with
 * their own `Answered` in place of the field.
 */
export type Answered<TRecord, K extends keyof TRecord> = {
  readonly [P in K]-?: undefined extends TRecord[P] ? Exclude<TRecord[P], undefined> | null : TRecord[P];
};
