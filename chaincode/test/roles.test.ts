import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { callers, consortiumLedger, expectRefused } from './fixtures'; // first: it quietens the contracts' loading
import { contracts } from '../src';
import { TRANSACTIONS, isQueryTransaction, permissionOf, permits } from '../src/access/roles';
import { renderRolesDoc, rolesDocPath } from '../scripts/roles-doc';

interface ReflectMetadata {
  getMetadata(key: string, target: object): unknown;
}

/** `Contract:Transaction` of every transaction function the chaincode serves (PascalCase methods by convention). */
function servedTransactions(): string[] {
  return contracts.flatMap((Contract) => {
    const contract = new Contract();
    return Object.getOwnPropertyNames(Contract.prototype)
      .filter((name) => /^[A-Z]/.test(name) && typeof (contract as unknown as Record<string, unknown>)[name] === 'function')
      .map((name) => `${contract.getName()}:${name}`);
  });
}

describe('the role matrix', () => {
  it('lists every transaction the chaincode serves, and nothing it does not serve', () => {
    const served = servedTransactions();
    expect(
      served.filter((transaction) => permissionOf(transaction) === undefined),
      'served but not in the matrix',
    ).to.deep.equal([]);
    expect(
      TRANSACTIONS.filter((transaction) => !served.includes(transaction)),
      'in the matrix but not served',
    ).to.deep.equal([]);
  });

  it('says which transactions only read: those fabric-contract-api evaluates (@Transaction(false)), named Get… or List…', () => {
    const evaluated = contracts.flatMap((Contract) => {
      const name = new Contract().getName();
      // fabric-contract-api's decorators keep each transaction's name and tags (SUBMIT or EVALUATE) as reflect-metadata.
      const metadata = ((Reflect as unknown as ReflectMetadata).getMetadata('fabric:transactions', Contract.prototype) ?? []) as {
        name: string;
        tag: string[];
      }[];
      return metadata.filter((transaction) => transaction.tag.includes('EVALUATE')).map((transaction) => `${name}:${transaction.name}`);
    });
    expect(evaluated.length, 'evaluated transactions found').to.be.greaterThan(20);
    expect(TRANSACTIONS.filter((transaction) => isQueryTransaction(transaction) !== evaluated.includes(transaction))).to.deep.equal([]);
  });

  it('is documented in docs/roles.md, generated from the matrix (npx tsx chaincode/scripts/roles-doc.ts)', () => {
    expect(readFileSync(rolesDocPath, 'utf8')).to.equal(renderRolesDoc());
  });

  it('names every allowed role when the caller holds none of them', async () => {
    const ledger = await consortiumLedger();
    expectRefused(
      await ledger.invoke(callers.collectorA, 'Donation:ResolveHold', ['x', '{}']),
      'FORBIDDEN: Donation:ResolveHold requires role station-qa or factory-qa; the caller from StationAMSP has role collector',
    );
  });

  it('checks the organisation kind of the grant that matches the role', async () => {
    const ledger = await consortiumLedger();
    expectRefused(
      await ledger.invoke({ mspId: 'RegulatorMSP', commonName: 'rogue', role: 'warehouse' }, 'Donation:RecordTemperatureExcursion', [
        '[]',
        '{}',
      ]),
      'FORBIDDEN: Donation:RecordTemperatureExcursion requires an organisation of kind factory for role warehouse; RegulatorMSP is a regulator',
    );
  });

  it("grants the gateway's service identity nothing: it reads blocks, never a transaction, not even a query", async () => {
    const ledger = await consortiumLedger();
    expect(TRANSACTIONS.filter((transaction) => permits(transaction, 'service', 'regulator'))).to.deep.equal([]);
    expectRefused(
      await ledger.invoke({ mspId: 'RegulatorMSP', commonName: 'gateway', role: 'service' }, 'Lineage:GetAuditTrail', ['donation', 'x']),
      'FORBIDDEN: Lineage:GetAuditTrail requires role',
    );
  });
});
