// Chapter 1, collection: the donors give plasma at the stations, the station QA screens the first bags, the donors
// give again (each follow-up bag collected after the first ended, recorded and screened after it, as the release
// rule needs), and every bag is stored frozen. No collection is back-dated: the first bags ended an hour and a half
// before the telling began, donor by donor.
import { stationOf } from '../cast';
import type { GoverningRuleSetQuery, ScreeningTestInput } from '../generated/operations';
import { dinOf } from '../identifiers';
import { RecordDonation, RecordScreening, RecordStorage } from '../operations';
import { DONORS, demoDonors } from '../plan';
import { reached, type DemoDonation } from '../projection';
import type { Chapter, Scene } from './chapter';

const MINUTE_MS = 60_000;
// A plasmapheresis takes some 40 minutes.
const COLLECTION_MINUTES = 40;
// The first bags were collected an hour and a half before the telling (donor by donor, five minutes apart), so that
// each donor's follow-up bag, collected in the 40 minutes before it is recorded, starts after the first one ended.
const FIRST_BAGS_ENDED_MINUTES_BEFORE = 90;

export function collection(scene: Scene): Chapter {
  const { telling, projection, cast, plan } = scene;

  /** Records the bag `index` (0 first, 1 follow-up) of each donor that has none yet, its collection ending at `endOf(donor)`. */
  const recordBags = async (index: number, endOf: (donor: number) => Date): Promise<void> => {
    const existing = await projection.donations();
    await Promise.all(
      demoDonors().map(async (donor) => {
        if (existing.some((d) => d.donor === donor && d.index === index)) return;
        const station = stationOf(cast, donor);
        const end = endOf(donor);
        const din = dinOf(station.facility, end.getUTCFullYear(), plan.dinSequence(donor, index));
        await telling.as(station.collector, `record donation ${din}`, RecordDonation, {
          input: {
            din,
            productCode: 'E0701V00',
            donorPseudonym: plan.donorPseudonym(donor),
            collectionStart: new Date(end.getTime() - COLLECTION_MINUTES * MINUTE_MS).toISOString(),
            collectionEnd: end.toISOString(),
            volumeMl: 600,
            deviceSerial: `PCS2-${station.facility}-01`,
            anticoagulantLot: 'ACD-A-2417',
          },
        });
      }),
    );
  };

  /** Station QA screens each of `donations` not screened yet, negative for every mandatory test, tested just now. */
  const screen = async (rules: NonNullable<GoverningRuleSetQuery['ruleSet']>, donations: readonly DemoDonation[]): Promise<void> => {
    await Promise.all(
      donations
        .filter((d) => !reached(d, 'screened'))
        .map((d) =>
          telling.as(stationOf(cast, d.donor).qa, `record the screening of ${d.din}`, RecordScreening, {
            din: d.din,
            screening: {
              tests: rules.mandatoryTests.donation.map((analyte): ScreeningTestInput =>
                analyte === 'ALT'
                  ? {
                      analyte,
                      method: 'IFCC kinetic',
                      result: '18 U/L',
                      value: 18,
                      unit: 'U/L',
                      conclusion: 'negative',
                      instrument: 'AU480-01',
                    }
                  : {
                      analyte,
                      method: 'ELISA',
                      result: 'non-reactive',
                      conclusion: 'negative',
                      instrument: 'STAR-7',
                      reagentLot: 'R-2417',
                    },
              ),
              testedAt: new Date(Date.now() - 30_000).toISOString(),
              lab: 'station laboratory',
            },
          }),
        ),
    );
    // The follow-up bags are recorded only once the projection shows every first bag screened.
    await telling.settle('the screenings to reach the projection', async () =>
      (await projection.donations()).filter((d) => donations.some(({ din }) => din === d.din)).every((d) => reached(d, 'screened')),
    );
  };

  return {
    title: `${DONORS} donors give plasma at ${cast.stations.map((s) => s.name).join(' and ')}, then again once station QA has screened the first bags; every bag is screened and stored frozen`,
    done: async () => {
      const donations = await projection.donations();
      return donations.length === DONORS * 2 && donations.every((d) => reached(d, 'stored'));
    },
    tell: async () => {
      const rules = await projection.ruleSet();
      // The first bags: recorded, then screened, before any follow-up bag is recorded.
      await recordBags(0, (donor) => new Date(telling.startedAt - (FIRST_BAGS_ENDED_MINUTES_BEFORE - donor * 5) * MINUTE_MS));
      await screen(rules, await projection.recorded(0));
      // Each donor's follow-up bag, collected after the first one ended and recorded as its collection ends.
      await recordBags(1, () => new Date(Date.now() - MINUTE_MS));
      await screen(rules, await projection.recorded(1));
      const recorded = await projection.donations();
      await Promise.all(
        cast.stations.map(async (station) => {
          const dins = recorded.filter((d) => stationOf(cast, d.donor) === station && !reached(d, 'stored')).map((d) => d.din);
          if (dins.length === 0) return;
          await telling.as(station.collector, `store ${dins.length} bags at ${station.name}`, RecordStorage, {
            dins,
            storage: { location: 'plasma freezer F1', temperatureC: rules.storageLimitC - 10 },
          });
        }),
      );
    },
  };
}
