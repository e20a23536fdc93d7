// A record the chaincode keeps, as a GraphQL answer carries it: the fields a document selects, and each field the
// record may lack present as null, since GraphQL never leaves a selected field out. One shape per record: the
// chaincode's, re-exported type-only by @plasma/chaincode/browser.
type Answered<T> = T extends readonly (infer E)[] ? readonly Answered<E>[]
  : T extends object ? { readonly [K in keyof T]-?: undefined extends T[K] ? Answered<Exclude<T[K], undefined>> | null : Answered<T[K]> }
    : T;

/** The whole record; its document selects every field, nested ones too. */
export type Answer<T> = Answered<T>;

/** The fields `K` of the record; its document selects those, nested ones in full. */
export type Selected<T, K extends keyof T> = Answered<Pick<T, K>>;
