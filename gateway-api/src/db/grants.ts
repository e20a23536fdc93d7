// What each service's PostgreSQL role may do with each table of the schema, in one place. A table missing here is
// refused by the schema test (gateway-api/test/unit/grants.test.ts lists the migrations' tables), so whoever adds
// one decides who reads and who writes it. `append` is read and insert; `write` is read, insert, update and delete.
import type pg from 'pg';
import { type DatabaseRole, databaseRoleName, databaseRoles, ensureDatabaseRoles } from '@plasma/platform';

export type Right = 'read' | 'append' | 'write';

export const TABLE_GRANTS = {
  // The projection of the ledger: the indexer's alone to write.
  blocks: { indexer: 'write', gateway: 'read' },
  transactions: { indexer: 'write', gateway: 'read' },
  ledger_events: { indexer: 'write', gateway: 'read' },
  event_objects: { indexer: 'write', gateway: 'read' },
  ledger_state: { indexer: 'write', gateway: 'read' },
  donations: { indexer: 'write', gateway: 'read' },
  indexer_checkpoint: { indexer: 'write', gateway: 'read' },
  // What the gateway keeps for its people: never the indexer's or the cold chain's to read.
  people: { gateway: 'write' },
  sessions: { gateway: 'write' },
  documents: { gateway: 'write' },
  release_signatures: { gateway: 'write' },
  devices: { gateway: 'write' },
  device_requests: { gateway: 'write' },
  // The security log: the gateway appends, and nobody's service role changes what is written.
  security_events: { gateway: 'append' },
  // The cold chain's readings: the ingest's to write, the gateway's to show and prove.
  cold_chain_readings: { coldChain: 'write', gateway: 'read' },
  cold_chain_windows: { coldChain: 'write', gateway: 'read' },
  cold_chain_excursions: { coldChain: 'write', gateway: 'read' },
} as const satisfies Record<string, Partial<Record<DatabaseRole, Right>>>;

/**
 * Functions a service calls, with the role that may. The cold chain's runs with its owner's rights (SECURITY DEFINER);
 * the read-scope rule with its caller's.
 */
export const FUNCTION_GRANTS = {
  'cold_chain_ensure_partition(date)': 'coldChain',
  'object_readable(text, text, text, text)': 'gateway',
} as const satisfies Record<string, DatabaseRole>;

/** Functions that only fire as triggers: no role calls them. */
export const TRIGGER_FUNCTIONS = ['security_events_append()', 'security_events_unchangeable()'] as const;

/** The table privileges each right is. */
export const RIGHT_PRIVILEGES: Readonly<Record<Right, readonly string[]>> = {
  read: ['SELECT'],
  append: ['SELECT', 'INSERT'],
  write: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
};

/**
 * Gives each service's role of this database (plasma_stationa_gateway on plasma_stationa) exactly the rights above,
 * taking back any other, in one transaction: a service running meanwhile never sees its rights missing.
 */
export async function applyGrants(client: pg.ClientBase): Promise<void> {
  const database = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
  await ensureDatabaseRoles(client, database);
  const roleOf = (role: DatabaseRole): string => databaseRoleName(database, role);
  const roles = databaseRoles.map(roleOf).join(', ');
  await client.query('BEGIN');
  try {
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${roles}`);
    for (const [table, rights] of Object.entries(TABLE_GRANTS)) {
      for (const [role, right] of Object.entries(rights) as [DatabaseRole, Right][]) {
        await client.query(`GRANT ${RIGHT_PRIVILEGES[right].join(', ')} ON ${table} TO ${roleOf(role)}`);
      }
    }
    for (const [fn, role] of Object.entries(FUNCTION_GRANTS)) {
      await client.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC, ${roles}`);
      await client.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${roleOf(role)}`);
    }
    for (const fn of TRIGGER_FUNCTIONS) await client.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC, ${roles}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
