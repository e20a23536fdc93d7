// Drives donations through the chain of custody on a FakeLedger, as stations and the factory would:
// the shared steps of the unit, property and scale tests.
import { createHash } from 'node:crypto';
import type { FakeLedger, Outcome } from './fake-context';
import { callers, dinOf, governedLedger, parsed, succeeded } from './fixtures';
import { gs1CheckDigit } from '../src/identifiers/gs1';
import { signRecord, type TestIdentity } from './pki';

export const DAY = 24 * 60 * 60 * 1000;
export const at = (base: string, days: number, hours = 0): string =>
  new Date(Date.parse(base) + days * DAY + hours * 3_600_000).toISOString();

/** Collection of the first donations of a story; rule sets are seeded on 2025-01-01. */
export const T0 = '2025-01-10T08:00:00.000Z';

export const CN_SCREENING = ['ALT', 'HBsAg', 'anti-HCV', 'anti-HIV-1/2', 'syphilis'];
export const POOL_NAT = ['B19-DNA', 'HAV-RNA', 'HBV-DNA', 'HCV-RNA', 'HIV-RNA'];
export const LOT_QC = ['assay', 'endotoxin', 'identity', 'purity', 'sterility'];
export const GTIN = `0691234567890${gs1CheckDigit('0691234567890')}`;
/** A GS1 unit code of the story's product. */
export const unitCode = (serial: string): string => `(01)${GTIN}(21)${serial}`;

/** An SSCC-18 of the factory's GS1 company prefix. */
export function sscc(reference: number): string {
  const body = `00691234${String(reference).padStart(9, '0')}`;
  return body + gs1CheckDigit(body);
}

export const LOT_PRODUCT = { name: 'Human albumin 20 % 50 mL', gtin: GTIN, cnProductCode: '8612345', expiry: '2028-06-30' };

export const pseudonymOf = (donor: string): string => createHash('sha256').update(`donor ${donor}`).digest('hex');

/** The transient screening detail: every CN test, negative unless `reactive` names one. */
export function screeningDetail(testedAt: string, reactive?: string): Record<string, string> {
  const tests = CN_SCREENING.map((analyte) => ({
    analyte,
    method: analyte === 'ALT' ? 'rate method' : 'ELISA',
    result: analyte === reactive ? 'reactive' : 'non-reactive',
    ...(analyte === 'ALT' ? { value: 23, unit: 'U/L' } : {}),
    conclusion: analyte === reactive ? 'reactive' : 'negative',
    instrument: 'STAR-0042',
  }));
  return { screening: JSON.stringify({ tests, testedAt, lab: 'station lab' }) };
}

type Station = 'A' | 'B';
const STATION = {
  A: { facility: 'G1001', collector: callers.collectorA, qa: callers.stationQaA },
  B: { facility: 'G1002', collector: callers.collectorB, qa: callers.stationQaB },
} as const;

export class Story {
  readonly ledger: FakeLedger;
  #sequence = 0;
  #shipments = 0;

  constructor(ledger: FakeLedger) {
    this.ledger = ledger;
  }

  static async begin(): Promise<Story> {
    return new Story(await governedLedger());
  }

  invoke(caller: TestIdentity, name: string, args: unknown[], when: string, transient?: Record<string, string>): Promise<Outcome> {
    const text = args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)));
    return this.ledger.invoke(caller, name, text, when, transient === undefined ? {} : { transient });
  }

  async ok(caller: TestIdentity, name: string, args: unknown[], when: string, transient?: Record<string, string>): Promise<any> {
    return parsed(await this.invoke(caller, name, args, when, transient));
  }

  /** Records a 45-minute collection ending at `when`; returns the DIN with its check character. */
  async collect(when: string, donor = 'donor-1', station: Station = 'A'): Promise<string> {
    const { din, outcome } = await this.tryCollect(when, donor, station);
    succeeded(outcome);
    return din;
  }

  /** As `collect`, with the ledger's answer whatever it is: the DIN is used up either way. */
  async tryCollect(when: string, donor = 'donor-1', station: Station = 'A'): Promise<{ din: string; outcome: Outcome }> {
    this.#sequence += 1;
    const din = dinOf(STATION[station].facility, this.#sequence);
    const input = {
      din,
      productCode: 'E0701V00',
      donorPseudonym: pseudonymOf(donor),
      collectionStart: at(when, 0, -0.75),
      collectionEnd: when,
      volumeMl: 600,
      deviceSerial: 'PCS2-0042',
      anticoagulantLot: 'ACD-24117',
    };
    return { din, outcome: await this.invoke(STATION[station].collector, 'Donation:RecordDonation', [input], at(when, 0, 0.1)) };
  }

  async screen(din: string, when: string, reactive?: string, station: Station = 'A'): Promise<any> {
    return this.ok(STATION[station].qa, 'Donation:RecordScreening', [din], when, screeningDetail(when, reactive));
  }

  async store(dins: string[], when: string, station: Station = 'A'): Promise<void> {
    await this.ok(STATION[station].collector, 'Donation:RecordStorage', [dins, { location: 'freezer F1', temperatureC: -30 }], when);
  }

  async ship(dins: string[], when: string, station: Station = 'A'): Promise<string> {
    this.#shipments += 1;
    const shipmentId = `${STATION[station].facility}-SHP-${this.#shipments}`;
    await this.ok(
      STATION[station].collector,
      'Shipment:DispatchShipment',
      [{ shipmentId, destination: 'FactoryMSP', dins, temperatureC: -28 }],
      when,
    );
    return shipmentId;
  }

  async receive(shipmentId: string, dins: string[], when: string, extra: Record<string, unknown> = {}): Promise<any> {
    return this.ok(
      callers.warehouse,
      'Shipment:ReceiveShipment',
      [shipmentId, { receivedDins: dins, temperatureC: -26, labelsChecked: true, ...extra }],
      when,
    );
  }

  async quarantine(dins: string[], when: string): Promise<void> {
    await this.ok(callers.warehouse, 'Donation:QuarantineDonations', [dins], when);
  }

  async release(dins: string[], when: string): Promise<void> {
    await this.ok(callers.factoryQa, 'Donation:ReleaseDonations', [dins], when);
  }

  /**
   * `count` donations of distinct donors collected at `start`, each followed 14 days later by a negative
   * donation of the same donor, brought to quarantine at the factory. Returns the first donations' DINs.
   */
  async quarantinedDonations(
    count: number,
    start = T0,
    station: Station = 'A',
    donorPrefix = 'donor',
  ): Promise<{ dins: string[]; followUps: string[] }> {
    const dins: string[] = [];
    const followUps: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const donor = `${donorPrefix}-${station}-${this.#sequence}-${index}`;
      dins.push(await this.collect(start, donor, station));
      followUps.push(await this.collect(at(start, 14), donor, station));
    }
    // Each bag is screened the day it was collected: a follow-up releases the first bag only if recorded and screened after it.
    for (const din of dins) await this.screen(din, at(start, 0, 2), undefined, station);
    for (const din of followUps) await this.screen(din, at(start, 14, 2), undefined, station);
    for (let offset = 0; offset < dins.length; offset += 500) {
      const batch = dins.slice(offset, offset + 500);
      await this.store(batch, at(start, 16), station);
      const shipmentId = await this.ship(batch, at(start, 20), station);
      await this.receive(shipmentId, batch, at(start, 21));
      await this.quarantine(batch, at(start, 21, 1));
    }
    return { dins, followUps };
  }

  /** Like quarantinedDonations, then released 91 days after collection (past the CN hold of 90 days). */
  async releasedDonations(count: number, start = T0, station: Station = 'A', donorPrefix = 'donor'): Promise<string[]> {
    const { dins } = await this.quarantinedDonations(count, start, station, donorPrefix);
    for (let offset = 0; offset < dins.length; offset += 500) await this.release(dins.slice(offset, offset + 500), at(start, 91));
    return dins;
  }

  #pools = 0;

  /** A fresh pool DIN of the factory's facility G2001. */
  nextPoolDin(): string {
    this.#pools += 1;
    return dinOf('G2001', 900_000 + this.#pools);
  }

  /** A pool of `dins` (added in chunks of `chunkSize`), closed, with every mandatory NAT passed. */
  async closedPool(dins: string[], when: string, chunkSize = 500): Promise<string> {
    const poolDin = this.nextPoolDin();
    await this.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], when);
    for (let offset = 0; offset < dins.length; offset += chunkSize) {
      await this.ok(callers.warehouse, 'Pool:AddToPool', [poolDin, dins.slice(offset, offset + chunkSize)], when);
    }
    await this.ok(callers.warehouse, 'Pool:ClosePool', [poolDin], when);
    for (const analyte of POOL_NAT) await this.testResult('pool', poolDin, analyte, when);
    return poolDin;
  }

  async testResult(
    kind: 'donation' | 'pool' | 'lot',
    id: string,
    analyte: string,
    when: string,
    outcome: 'pass' | 'fail' = 'pass',
    by = callers.factoryQa,
  ): Promise<any> {
    return this.ok(
      by,
      'TestResult:RecordTestResult',
      [
        {
          subject: { kind, id },
          analyte,
          method: kind === 'pool' ? 'PCR' : 'pharmacopoeia',
          result: outcome === 'pass' ? 'conforms' : 'does not conform',
          specification: 'conforms',
          conclusion: outcome,
          oos: outcome === 'fail',
          lab: 'QC laboratory',
          instrument: 'QC-01',
          rawDataHash: createHash('sha256').update(`${kind} ${id} ${analyte} ${when}`).digest('hex'),
          testedAt: when,
        },
      ],
      when,
    );
  }

  /** A lot from `pools` with one process step and every mandatory QC test passed, in process. */
  async lotReadyForRelease(lotId: string, pools: string[], when: string): Promise<any> {
    await this.ok(callers.production, 'Lot:CreateLot', [{ lotId, product: LOT_PRODUCT, pools }], when);
    await this.ok(
      callers.production,
      'Lot:RecordProcessStep',
      [
        lotId,
        {
          step: 'fractionation',
          parameterDataHash: 'a'.repeat(64),
          equipment: 'tank T-7',
          start: at(when, 0, -2),
          end: when,
        },
      ],
      when,
    );
    for (const analyte of LOT_QC) await this.testResult('lot', lotId, analyte, when);
  }

  /** QA release by qa1 and qp1, at `when`. */
  async qaRelease(lotId: string, when: string): Promise<any> {
    const { digest } = await this.ok(callers.qp, 'Lot:GetReleaseRecord', [lotId, 'qa'], when);
    const signatures = [signRecord(callers.factoryQa, digest, 'qa-review', when), signRecord(callers.qp, digest, 'qp-release', when)];
    return this.ok(callers.qp, 'Lot:QaRelease', [lotId, signatures], when);
  }

  async regulatorRelease(lotId: string, when: string): Promise<any> {
    const { digest } = await this.ok(callers.regulator, 'Lot:GetReleaseRecord', [lotId, 'regulator'], when);
    return this.ok(
      callers.regulator,
      'Lot:RegulatorRelease',
      [lotId, signRecord(callers.regulator, digest, 'regulator-lot-release', when)],
      when,
    );
  }

  /** A lot from `pools`, released by QA and the regulator at `when`. */
  async releasedLot(lotId: string, pools: string[], when: string): Promise<any> {
    await this.lotReadyForRelease(lotId, pools, when);
    await this.qaRelease(lotId, when);
    return this.regulatorRelease(lotId, when);
  }

  /** Commissions `count` GS1 units of a lot (serials S<lot>-<n>) and packs them into one case; returns the SSCC. */
  async packedCase(lotId: string, count: number, when: string, caseNumber = 1): Promise<string> {
    const codes = Array.from({ length: count }, (_, index) => unitCode(`${lotId}-${caseNumber}-${index}`));
    await this.ok(callers.warehouse, 'Units:CommissionUnits', [lotId, codes], when);
    const caseCode = sscc(caseNumber + 1000 * lotId.length);
    await this.ok(callers.warehouse, 'Units:PackCase', [lotId, { caseCode, units: codes }], when);
    return caseCode;
  }

  async donation(din: string): Promise<any> {
    return parsed(await this.ledger.invoke(callers.inspector, 'Donation:GetDonation', [din]));
  }
}

export { succeeded };
