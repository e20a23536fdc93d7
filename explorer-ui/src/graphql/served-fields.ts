// Which fields the gateway serves (Query.donation, Mutation.recordDonation, Donation.signatures, ...), read once
// by introspection. The schema grows slice by slice: a page whose query is not served yet says so plainly,
// instead of failing or pretending, and an action is offered only when its mutation exists.
import type { GraphQLClient } from './client';
import { operation } from './operation';

/** `Type.field`, e.g. `Query.donation` or `Donation.signatures`. */
export type SchemaField = `${string}.${string}`;

export interface ServedFields {
  has(field: SchemaField): boolean;
  /** The fields of `wanted` the gateway does not serve. */
  missing(wanted: readonly SchemaField[]): SchemaField[];
}

const SCHEMA_FIELDS = operation<{
  __schema: {
    queryType: { name: string };
    mutationType: { name: string } | null;
    subscriptionType: { name: string } | null;
    types: readonly { name: string; fields: readonly { name: string }[] | null }[];
  };
}>(`query ServedFields {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { name fields { name } }
  }
}`);

export async function loadServedFields(client: GraphQLClient): Promise<ServedFields> {
  const { __schema: schema } = await client.request(SCHEMA_FIELDS, {});
  // Root types are named by their role here, whatever the schema calls them.
  const roles = new Map([[schema.queryType.name, 'Query'], [schema.mutationType?.name, 'Mutation'], [schema.subscriptionType?.name, 'Subscription']]);
  const served = new Set<string>();
  for (const type of schema.types) {
    if (type.name.startsWith('__')) continue;
    for (const field of type.fields ?? []) served.add(`${roles.get(type.name) ?? type.name}.${field.name}`);
  }
  return {
    has: (field) => served.has(field),
    missing: (wanted) => wanted.filter((field) => !served.has(field)),
  };
}
