import { expect } from 'chai';
import canonicalize from 'canonicalize';
import { TX_TIME, type Caller } from './fake-context';
import { ruleOf } from '../src/ledger/endorsement';
import { callers, decode, DIN_A, dinOf, donationInput, expectRefused, governedLedger, succeeded } from './fixtures';

const RECORD = 'Donation:RecordDonation';
const KEY_A = `\u0000donation\u0000${DIN_A.slice(0, 13)}\u0000`;

const record = async (caller: Caller, input: Record<string, unknown>, at?: string) =>
  (await governedLedger()).invoke(caller, RECORD, [JSON.stringify(input)], at);

/** What the ledger should hold for donationInput() recorded by collectorA at TX_TIME. */
function expectedRecord(txId: string): Record<string, unknown> {
  const { din: _din, ...scanned } = donationInput();
  return {
    ...scanned,
    din: DIN_A.slice(0, 13),
    checkCharacter: DIN_A.slice(13),
    facility: 'G1001',
    station: 'StationAMSP',
    operator: 'collector1',
    status: 'collected',
    recordedAt: TX_TIME,
    recordedTxId: txId,
    lastChange: {
      txId,
      at: TX_TIME,
      by: { mspId: 'StationAMSP', name: 'collector1', role: 'collector' },
      transaction: 'Donation:RecordDonation',
    },
  };
}

const DONOR_KEY_A = `\u0000donor\u0000${String(donationInput().donorPseudonym)}\u00002025-06-01T09:05:00.000Z\u0000${DIN_A.slice(0, 13)}\u0000`;

describe('Donation:RecordDonation', () => {
  it('stores the nine collection items, with station and operator taken from the caller identity', async () => {
    const outcome = await record(callers.collectorA, donationInput());
    const stored = decode(outcome.writes.get(KEY_A));
    expect(stored).to.deep.equal(expectedRecord(outcome.txId));
    expect(Object.keys(stored as object)).to.have.members([
      'din',
      'productCode',
      'donorPseudonym',
      'station',
      'operator',
      'collectionStart',
      'collectionEnd',
      'volumeMl',
      'deviceSerial',
      'anticoagulantLot',
      'facility',
      'checkCharacter',
      'status',
      'recordedAt',
      'recordedTxId',
      'lastChange',
    ]);
    // The donation, and its entry in the donor index (for release and look-back).
    expect([...outcome.writes.keys()]).to.deep.equal([KEY_A, DONOR_KEY_A]);
    // Every later change of it needs StationA's peer and one other member's.
    expect(ruleOf(outcome.validationParameters.get(KEY_A)!)).to.deep.equal({
      required: 2,
      of: [{ peerOf: 'StationAMSP' }, { required: 1, of: ['FactoryMSP', 'RegulatorMSP', 'StationBMSP'].map((peerOf) => ({ peerOf })) }],
    });
    expect(JSON.parse(succeeded(outcome))).to.deep.equal(stored);
  });

  it('writes canonical JSON and emits one DonationRecorded event with canonical bytes', async () => {
    const outcome = await record(callers.collectorA, donationInput());
    const stored = expectedRecord(outcome.txId);
    expect(Buffer.from(outcome.writes.get(KEY_A)!).toString()).to.equal(canonicalize(stored));
    expect(outcome.event?.name).to.equal('DonationRecorded');
    const payload = {
      type: 'DonationRecorded',
      key: DIN_A.slice(0, 13),
      txId: outcome.txId,
      timestamp: TX_TIME,
      data: stored,
      objects: [{ type: 'donation', id: DIN_A.slice(0, 13) }],
    };
    expect(Buffer.from(outcome.event!.payload).toString()).to.equal(canonicalize(payload));
  });

  it('writes identical bytes on every endorser, whatever order the input fields arrive in', async () => {
    const input = donationInput();
    const reversed = Object.fromEntries(Object.entries(input).reverse());
    const first = await record(callers.collectorA, input);
    const second = await record(callers.collectorA, reversed);
    expect(first.txId).to.equal(second.txId);
    expect(Buffer.compare(first.writes.get(KEY_A)!, second.writes.get(KEY_A)!)).to.equal(0);
    expect(Buffer.compare(first.event!.payload, second.event!.payload)).to.equal(0);
  });

  it('accepts a collection of exactly 4 hours ending exactly 5 minutes after the transaction time', async () => {
    const outcome = await record(
      callers.collectorA,
      donationInput({ collectionStart: '2025-06-01T06:05:00Z', collectionEnd: '2025-06-01T10:05:00Z' }),
    );
    expect(outcome.error).to.equal(undefined);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      'a DIN with a wrong check character',
      { din: `${DIN_A.slice(0, 13)}${DIN_A.endsWith('A') ? 'B' : 'A'}` },
      'VALIDATION: din: fails the ISO 7064 mod 37-2 check character rule',
    ],
    ['a malformed DIN', { din: 'O12342612345AB' }, 'VALIDATION: din: must be 14 characters: the DIN αppppyynnnnnn'],
    ['a DIN without its check character', { din: DIN_A.slice(0, 13) }, 'VALIDATION: din: must be 14 characters'],
    ['a missing DIN', { din: undefined }, 'VALIDATION: din: must be 14 characters'],
    ['a lowercase product code', { productCode: 'e0701v00' }, 'VALIDATION: productCode: must be an ISBT 128 product code'],
    ['a product code of 7 characters', { productCode: 'E0701V0' }, 'VALIDATION: productCode: must be an ISBT 128 product code'],
    ['a missing product code', { productCode: undefined }, 'VALIDATION: productCode: is required; it must be an ISBT 128 product code'],
    [
      'a donor name instead of a pseudonym',
      { donorPseudonym: 'Zhang Wei' },
      'VALIDATION: donorPseudonym: must be exactly 64 lowercase hex characters: the HMAC-SHA256 keyed donor pseudonym; personal data (name, ID number) never goes on the ledger',
    ],
    [
      'an uppercase pseudonym',
      { donorPseudonym: 'B5D4045C3F466FA91FE2CC6ABE79232A1A57CDF104F7A26E716E0A1E2789DF78' },
      'VALIDATION: donorPseudonym: must be exactly 64 lowercase hex',
    ],
    [
      'a pseudonym of 63 characters',
      { donorPseudonym: 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df7' },
      'VALIDATION: donorPseudonym: must be exactly 64 lowercase hex',
    ],
    [
      'a start without a timezone',
      { collectionStart: '2025-06-01T09:05:00' },
      'VALIDATION: collectionStart: must be an ISO 8601 date-time with seconds and a timezone',
    ],
    [
      'a start on a day that does not exist',
      { collectionStart: '2025-02-30T09:05:00Z' },
      'VALIDATION: collectionStart: must be an ISO 8601 date-time',
    ],
    ['an end that is not a string', { collectionEnd: 1748771400000 }, 'VALIDATION: collectionEnd: must be an ISO 8601 date-time'],
    ['an end before the start', { collectionEnd: '2025-06-01T17:00:00+08:00' }, 'VALIDATION: collectionEnd: must be after collectionStart'],
    ['an end equal to the start', { collectionEnd: '2025-06-01T09:05:00Z' }, 'VALIDATION: collectionEnd: must be after collectionStart'],
    [
      'a collection over 4 hours',
      { collectionStart: '2025-06-01T05:49:59Z' },
      'VALIDATION: collectionEnd: must be at most 4 hours after collectionStart',
    ],
    [
      'an end after the transaction time plus the clock tolerance',
      { collectionEnd: '2025-06-01T10:05:01Z' },
      'VALIDATION: collectionEnd: must not be later than the transaction time (2025-06-01T10:00:00.000Z) plus the 5 minutes of clock tolerance',
    ],
    ['a volume under 50 mL', { volumeMl: 49 }, 'VALIDATION: volumeMl: must be a whole number of millilitres from 50 to 1000'],
    ['a volume over 1000 mL', { volumeMl: 1001 }, 'VALIDATION: volumeMl: must be a whole number of millilitres from 50 to 1000'],
    ['a fractional volume', { volumeMl: 580.5 }, 'VALIDATION: volumeMl: must be a whole number'],
    ['a volume given as text', { volumeMl: '580' }, 'VALIDATION: volumeMl: must be a whole number'],
    [
      'an empty device serial',
      { deviceSerial: '' },
      'VALIDATION: deviceSerial: must be the apheresis device serial: 1 to 64 of A-Z a-z 0-9 . _ / -',
    ],
    ['a device serial of 65 characters', { deviceSerial: 'P'.repeat(65) }, 'VALIDATION: deviceSerial: must be the apheresis device serial'],
    [
      'an anticoagulant lot with a space',
      { anticoagulantLot: 'ACD 24117' },
      'VALIDATION: anticoagulantLot: must be the anticoagulant/bag-set lot: 1 to 64 of A-Z a-z 0-9 . _ / -',
    ],
    [
      'an unknown field',
      { bloodGroup: 'A+' },
      'VALIDATION: bloodGroup: is not a known field (known fields: din, productCode, donorPseudonym',
    ],
    ['a station given in the input', { station: 'StationBMSP' }, 'VALIDATION: station: is not a known field'],
    ['an operator given in the input', { operator: 'someone-else' }, 'VALIDATION: operator: is not a known field'],
  ];
  for (const [what, overrides, prefix] of invalid) {
    it(`refuses ${what}, naming the field and the rule, and writes nothing`, async () => {
      expectRefused(await record(callers.collectorA, donationInput(overrides)), prefix);
    });
  }

  it('refuses input that is not a JSON object', async () => {
    const ledger = await governedLedger();
    expectRefused(await ledger.invoke(callers.collectorA, RECORD, ['{"din":']), 'VALIDATION: donation: must be valid JSON');
    expectRefused(await ledger.invoke(callers.collectorA, RECORD, ['[]']), 'VALIDATION: donation: must be a JSON object');
  });

  it('refuses the same DIN twice, keeping the first record', async () => {
    const ledger = await governedLedger();
    succeeded(await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput())]));
    const first = ledger.state.get(KEY_A);
    const again = await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput({ volumeMl: 600 }))]);
    expectRefused(again, `CONFLICT: donation ${DIN_A.slice(0, 13)} is already recorded`);
    expect(ledger.state.get(KEY_A)).to.equal(first);
  });

  it('refuses a station user without the collector role', async () => {
    expectRefused(
      await record(callers.stationQaA, donationInput()),
      'FORBIDDEN: Donation:RecordDonation requires role collector; the caller from StationAMSP has role station-qa',
    );
    expectRefused(
      await record({ mspId: 'StationAMSP', commonName: 'nobody' }, donationInput()),
      'FORBIDDEN: Donation:RecordDonation requires role collector; the caller from StationAMSP has no role attribute',
    );
  });

  it('refuses a StationB collector recording a DIN of a StationA facility', async () => {
    expectRefused(
      await record(callers.collectorB, donationInput()),
      `FORBIDDEN: the facility G1001 of DIN ${DIN_A.slice(0, 13)} belongs to another organisation (StationAMSP); ` +
        'StationBMSP may record only DINs of its own facilities',
    );
  });

  it('refuses a DIN of a facility no organisation registered', async () => {
    expectRefused(
      await record(callers.collectorA, donationInput({ din: dinOf('G9999', 1) })),
      'FORBIDDEN: the facility G9999 of DIN G99992500000',
    );
  });

  it('refuses factory users, even one whose certificate claims the collector role', async () => {
    expectRefused(await record(callers.warehouse, donationInput()), 'FORBIDDEN: Donation:RecordDonation requires role collector');
    expectRefused(
      await record({ mspId: 'FactoryMSP', commonName: 'rogue', role: 'collector' }, donationInput()),
      'FORBIDDEN: Donation:RecordDonation requires an organisation of kind station; FactoryMSP is a factory',
    );
  });

  it('refuses an organisation outside the consortium', async () => {
    expectRefused(
      await record({ mspId: 'HospitalMSP', commonName: 'collector1', role: 'collector' }, donationInput()),
      'FORBIDDEN: Donation:RecordDonation requires a member organisation; HospitalMSP is not registered in the consortium',
    );
  });
});

describe('Donation queries', () => {
  async function ledgerWithDonationA() {
    const ledger = await governedLedger();
    succeeded(await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput())]));
    return ledger;
  }

  it('GetDonation finds a donation by its DIN with or without the check character, for any member', async () => {
    const ledger = await ledgerWithDonationA();
    const stored = Buffer.from(ledger.state.get(KEY_A)!).toString();
    for (const [caller, din] of [
      [callers.inspector, DIN_A],
      [callers.warehouse, DIN_A.slice(0, 13)],
      [callers.collectorB, ` ${DIN_A.toLowerCase()} `],
    ] as const) {
      expect(succeeded(await ledger.invoke(caller, 'Donation:GetDonation', [din]))).to.equal(stored);
    }
  });

  it('GetDonation refuses a DIN with a wrong check character', async () => {
    const outcome = await (await ledgerWithDonationA()).invoke(callers.inspector, 'Donation:GetDonation', [`${DIN_A.slice(0, 13)}*`]);
    expect(outcome.error?.message).to.match(/^VALIDATION: din: fails the ISO 7064 mod 37-2 check character rule/);
  });

  it('answers NOT_FOUND for a DIN never recorded', async () => {
    const ledger = await ledgerWithDonationA();
    const din = dinOf('G1001', 2);
    for (const query of ['Donation:GetDonation', 'Donation:GetDonationHistory']) {
      const outcome = await ledger.invoke(callers.inspector, query, [din]);
      expect(outcome.error?.message).to.equal(`NOT_FOUND: donation ${din.slice(0, 13)} is not recorded`);
    }
  });

  it('GetDonationHistory lists every version with its transaction and time', async () => {
    const ledger = await governedLedger();
    const recorded = await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput())], '2025-06-01T10:00:00.250Z');
    const history = JSON.parse(succeeded(await ledger.invoke(callers.inspector, 'Donation:GetDonationHistory', [DIN_A])));
    expect(history).to.deep.equal([
      {
        txId: recorded.txId,
        timestamp: '2025-06-01T10:00:00.250Z',
        isDelete: false,
        value: {
          ...expectedRecord(recorded.txId),
          recordedAt: '2025-06-01T10:00:00.250Z',
          lastChange: { ...(expectedRecord(recorded.txId).lastChange as object), at: '2025-06-01T10:00:00.250Z' },
        },
      },
    ]);
  });
});
