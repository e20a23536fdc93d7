// The read-scope rule places every object type the chaincode's events name: a new type fails here until someone decides
// who reads it (object_readable refuses it to all but the regulator until then). And a person becomes the reader their
// organisation's kind makes them. The rule's answers are tested on the real network (gateway-api/test/read-scopes.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { OBJECT_TYPES } from '@plasma/chaincode';
import { loadTopology } from '@plasma/network';
import { migrationsDir } from '../../src/db/migrations';
import { readerOf } from '../../src/people/read-scope';

/** The rule as the last migration that (re)defines it leaves it: its up part. */
const rule = readdirSync(migrationsDir)
  .filter((file) => file.endsWith('.sql'))
  .sort()
  .map((file) => readFileSync(path.join(migrationsDir, file), 'utf8').split('-- Down Migration')[0]!)
  .filter((up) => /FUNCTION object_readable\(/.test(up))
  .at(-1)!;

/** The object types the function's branches name: in `object_kind IN (...)` and `object_kind = '...'`. */
const typesNamed = (sql: string): string[] =>
  [...sql.matchAll(/object_kind\s+(?:IN\s*\(([^)]*)\)|=\s*('[^']*'))/g)].flatMap((m) =>
    [...(m[1] ?? m[2]!).matchAll(/'([^']*)'/g)].map((quoted) => quoted[1]!),
  );

describe('read scopes', function () {
  it('places every object type of the chaincode in the rule, and no other', function () {
    const named = new Set(typesNamed(rule));
    expect([...named].sort()).to.deep.equal([...OBJECT_TYPES].sort());
  });

  it("makes the regulator's people readers of everything, a station's and the factory's readers of their own", function () {
    const topology = loadTopology();
    expect(readerOf({ org: 'Regulator', mspId: 'RegulatorMSP' }, topology)).to.deep.equal({ reader: 'everything', mspId: 'RegulatorMSP' });
    expect(readerOf({ org: 'StationB', mspId: 'StationBMSP' }, topology)).to.deep.equal({ reader: 'station', mspId: 'StationBMSP' });
    expect(readerOf({ org: 'Factory', mspId: 'FactoryMSP' }, topology)).to.deep.equal({ reader: 'factory', mspId: 'FactoryMSP' });
  });
});
