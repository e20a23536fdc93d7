// The audit trail's object type filter offers exactly the kinds of object the chaincode's events name.
import { expect } from 'chai';
import { OBJECT_TYPES } from '@plasma/chaincode';
import { AUDITED_OBJECT_TYPES } from '../../src/audit/object-types';

describe("the audit trail's object types", () => {
  it("are the chaincode's object types, no more and no fewer", () => {
    expect([...AUDITED_OBJECT_TYPES].sort()).to.deep.equal([...OBJECT_TYPES].sort());
  });
});
