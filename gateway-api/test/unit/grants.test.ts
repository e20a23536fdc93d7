// Every table and function the migrations leave is named in grants.ts, and nothing else is: a new table cannot reach a
// service's role unseen, and a service reaches none that nobody decided about.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { migrationsDir } from '../../src/db/migrations';
import { FUNCTION_GRANTS, TABLE_GRANTS, TRIGGER_FUNCTIONS } from '../../src/db/grants';

/** The tables and functions that exist after every migration's "Up" part, in order. */
function schemaObjects(): { tables: Set<string>; functions: Set<string> } {
  const tables = new Set<string>();
  const functions = new Set<string>();
  for (const file of readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const up = readFileSync(path.join(migrationsDir, file), 'utf8')
      .split('-- Down Migration')[0]!
      .replace(/--.*$/gm, '') // comments
      .replace(/'[^']*'/g, "''"); // strings: SQL a function builds is not the schema's
    for (const [, verb, kind, name] of up.matchAll(/\b(CREATE|DROP) (TABLE|FUNCTION)(?: IF (?:NOT )?EXISTS)? (\w+)/gi)) {
      const set = kind!.toUpperCase() === 'TABLE' ? tables : functions;
      if (verb!.toUpperCase() === 'CREATE') set.add(name!);
      else set.delete(name!);
    }
  }
  return { tables, functions };
}

describe('database grants', function () {
  it('names every table of the schema, and only those, with who reads and who writes it', function () {
    const { tables } = schemaObjects();
    expect(tables.size).to.be.greaterThan(10);
    expect(Object.keys(TABLE_GRANTS).sort()).to.deep.equal([...tables].sort());
  });

  it('names every function of the schema with the one role that may call it, or as one only a trigger calls', function () {
    const { functions } = schemaObjects();
    const named = [...Object.keys(FUNCTION_GRANTS), ...TRIGGER_FUNCTIONS].map((signature) => signature.replace(/\(.*$/, ''));
    expect(named.sort()).to.deep.equal([...functions].sort());
  });

  it('lets no service but the indexer write the projection, and none but the gateway read its people', function () {
    for (const table of ['blocks', 'transactions', 'ledger_events', 'ledger_state', 'donations'] as const) {
      expect(TABLE_GRANTS[table]).to.deep.equal({ indexer: 'write', gateway: 'read' });
    }
    for (const table of ['people', 'sessions'] as const) expect(TABLE_GRANTS[table]).to.deep.equal({ gateway: 'write' });
  });
});
