// The security log's kinds of event are documented where an auditor reads them: docs/identity.md's paragraph on the
// security log names each kind the gateway records, and no other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { SECURITY_EVENTS } from '../../src/people/security-log';

const identityDoc = path.resolve(__dirname, '../../../docs/identity.md');

describe('security log events', function () {
  it('are each named in docs/identity.md, and it names no other', function () {
    const doc = readFileSync(identityDoc, 'utf8');
    const paragraph = doc.slice(doc.indexOf('Every security event of an organisation'), doc.indexOf('Each row\nnames who acted'));
    const named = [...paragraph.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map(([, kind]) => kind);
    expect(named).to.have.members([...SECURITY_EVENTS]);
  });
});
