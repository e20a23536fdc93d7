// What each person may read of the projection (issue 14, read scopes): the regulator's people (inspectors among them)
// everything; a station's people their own station's donations, with their test results, shipments and excursions,
// and what the factory did with them; the factory's people the donations shipped to it and their own master batch
// records. The rule itself is the database's `object_readable` (migration 1795300950000_read-scopes.sql, redefined by
// 1795300980000_master-batch-record-read-scope.sql and 1795300990000_registry-proposals-read-by-every-member.sql), called
// by every scoped query; here a person becomes the reader that function takes.
import { organisation, type Topology } from '@plasma/network';
import type { Pool } from 'pg';
import { ErrorCode, GatewayError } from '../errors';
import type { Person } from './person';

/** A person as `object_readable` takes them: what their organisation is, and its MSP ID. */
export interface Reader {
  readonly reader: 'everything' | 'station' | 'factory';
  readonly mspId: string;
}

/** What a reader of each kind of organisation reads, as the refusal says it. */
const READS: Readonly<Record<Reader['reader'], string>> = {
  everything: 'everything',
  station: "its own station's donations, their test results, its shipments and its devices' excursions",
  factory:
    'the donations shipped to it, their test results, the shipments and the excursions of loggers sent to it, and its own master batch records',
};

export function readerOf(person: Pick<Person, 'org' | 'mspId'>, topology: Topology): Reader {
  const kind = organisation(topology, person.org).kind;
  return { reader: kind === 'regulator' ? 'everything' : kind, mspId: person.mspId };
}

/** An object as the ledger's events name it. */
export interface ObjectOfType {
  readonly type: string;
  readonly id: string;
}

export interface ReadScopes {
  readerOf(person: Person): Reader;
  /** FORBIDDEN, naming the object and what the person's organisation reads, unless they may read it. */
  require(person: Person, objectType: string, id: string): Promise<void>;
  /** Those of `items` whose object the person may read, in their order. */
  keepReadable<T>(person: Person, items: readonly T[], objectOf: (item: T) => ObjectOfType): Promise<T[]>;
}

export function readScopes(pool: Pool, topology: Topology): ReadScopes {
  const keepReadable = async <T>(person: Person, items: readonly T[], objectOf: (item: T) => ObjectOfType): Promise<T[]> => {
    const { reader, mspId } = readerOf(person, topology);
    if (reader === 'everything' || items.length === 0) return [...items];
    const objects = items.map(objectOf);
    const { rows } = await pool.query<{ type: string; id: string }>(
      `SELECT o.type, o.id FROM unnest($1::text[], $2::text[]) AS o(type, id)
        WHERE object_readable(o.type, o.id, $3, $4)`,
      [objects.map((o) => o.type), objects.map((o) => o.id), reader, mspId],
    );
    const readable = new Set(rows.map((r) => JSON.stringify([r.type, r.id])));
    return items.filter((_, i) => readable.has(JSON.stringify([objects[i]!.type, objects[i]!.id])));
  };
  return {
    readerOf: (person) => readerOf(person, topology),
    keepReadable,
    async require(person, objectType, id) {
      if ((await keepReadable(person, [{ type: objectType, id }], (o) => o)).length > 0) return;
      const { reader } = readerOf(person, topology);
      throw new GatewayError(
        ErrorCode.Forbidden,
        `${objectType} ${id} is not for ${person.org}'s people to read: a ${reader} reads ${READS[reader]}`,
      );
    },
  };
}
