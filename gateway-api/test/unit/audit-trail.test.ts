// The audit trail reads each event's record field by field against the record it replaced, and shows the summary of
// an event over many objects as it is, even for the object the event names first.
import { expect } from 'chai';
import { auditTrail, auditTrailCsv } from '../../src/explorer/audit-trail';
import type { AuditRow, LedgerRepository } from '../../src/explorer/ledger-repository';

const stamp = (transaction: string) => ({
  txId: 't',
  at: '2026-12-04T10:00:00.000Z',
  by: { mspId: 'StationAMSP', name: 'collector1', role: 'collector' },
  transaction,
});

function row(txId: string, name: string, isMain: boolean, data: Record<string, unknown>, previous?: Record<string, unknown>): AuditRow {
  return {
    object_type: 'donation',
    object_id: 'G100126000001',
    tx_id: txId,
    block_number: 7,
    name,
    payload: { type: name, data },
    emitted_at: new Date('2026-12-04T10:00:00Z'),
    is_main: isMain,
    creator_msp: 'StationAMSP',
    creator_name: 'collector1',
    function_name: null,
    creator_printed_name: 'Chen Jing',
    previous_payload: previous ? { type: 'DonationRecorded', data: previous } : null,
  };
}

describe('the audit trail', function () {
  it('diffs records field by field, and shows a many-object summary as its detail even where the bag is named first', async function () {
    const rows = [
      row('a', 'DonationRecorded', true, { din: 'G100126000001', status: 'collected', lastChange: stamp('Donation:RecordDonation') }),
      row('b', 'DonationStored', true, { dins: ['G100126000001', 'G100126000002'], location: 'freezer F1', temperatureC: -35 }),
      // The projection gives each record the record it replaced (the SQL skips the summary in between).
      row(
        'c',
        'DonationScreened',
        true,
        { din: 'G100126000001', status: 'screened', lastChange: stamp('Donation:RecordScreening') },
        { din: 'G100126000001', status: 'collected', lastChange: stamp('Donation:RecordDonation') },
      ),
    ];
    const ledger = { auditTrail: () => Promise.resolve(rows) } as unknown as LedgerRepository;
    const [recorded, stored, screened] = await auditTrail(ledger, { objectType: 'donation', objectId: 'G100126000001' } as never);
    expect(recorded!.changes.map((c) => c.field)).to.deep.equal(['din', 'status']);
    expect(stored!.changes).to.deep.equal([]);
    expect(stored!.detail).to.include('freezer F1');
    expect(screened!.changes).to.deep.equal([{ field: 'status', old: 'collected', new: 'screened' }]);
    expect(screened!.detail).to.equal(null);
    expect(screened!.blockNumber).to.equal(7);
  });

  it('writes a CSV cell a spreadsheet would run as a formula as text, and keeps plain numbers numbers', function () {
    const entry = {
      at: new Date('2026-12-04T10:00:00Z'),
      transactionId: 't',
      blockNumber: 7,
      objectType: 'donation',
      objectId: 'G100126000001',
      organisation: 'StationAMSP',
      who: '=HYPERLINK("http://evil.example","open")',
      printedName: 'Chen Jing',
      role: '@SUM(A1)',
      what: 'DonationStored',
      transaction: '+cmd|calc',
      reason: '\t=1+1',
      changes: [{ field: 'temperatureC', old: '-25', new: '-1+2' }],
      detail: null,
    };
    const [, line] = auditTrailCsv([entry]).split('\r\n');
    expect(line!.split(',').slice(6)).to.deep.equal([
      `"'=HYPERLINK(""http://evil.example""`,
      `""open"")"`,
      'Chen Jing',
      "'@SUM(A1)",
      'DonationStored',
      "'+cmd|calc",
      "'\t=1+1",
      'temperatureC',
      '-25',
      "'-1+2",
      '',
    ]);
  });
});
