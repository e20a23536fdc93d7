// Bags at a station's stages, set up through the gateway as the station's people, for the pages that act on them.
import { DEFAULT_RULES } from '@plasma/chaincode';
import { loadTopology, organisation } from '@plasma/network';
import { donation, eventually, newDin } from '@plasma/testkit';
import type { ExplorerSession } from './explorer-session';
import { graphqlAs } from './graphql-as';

/** A bag of StationA's first facility just collected, recorded by its collector (`overrides` of the scan); its 13-character DIN. */
export async function collectedBag(explorer: ExplorerSession, overrides: Record<string, unknown> = {}): Promise<string> {
  const collector = await graphqlAs(explorer, 'StationA', 'collector1');
  const din = newDin(organisation(loadTopology(), 'StationA').facilities[0]!);
  const recorded = await collector<{ recordDonation: { din: string } }>(
    'mutation ($input: DonationInput!) { recordDonation(input: $input) { din } }',
    { input: donation(din, overrides) },
  );
  return recorded.recordDonation.din;
}

/** Bags collected, screened negative and stored at StationA, through the gateway as the station's people. */
export async function storedBags(explorer: ExplorerSession, count: number): Promise<string[]> {
  const collector = await graphqlAs(explorer, 'StationA', 'collector1');
  const stationQa = await graphqlAs(explorer, 'StationA', 'stationqa1');
  const dins = Array.from({ length: count }, () => newDin('G1001'));
  for (const din of dins)
    await collector('mutation ($input: DonationInput!) { recordDonation(input: $input) { din } }', { input: donation(din) });
  const screening = {
    tests: DEFAULT_RULES.CN!.mandatoryTests.donation.map((analyte) => ({
      analyte,
      method: 'ELISA',
      result: 'non-reactive',
      conclusion: 'negative',
      instrument: 'STAR-7',
    })),
    testedAt: new Date().toISOString(),
    lab: 'StationA laboratory',
  };
  for (const din of dins) {
    await eventually(() =>
      stationQa(
        'mutation ($din: String!, $screening: ScreeningInput!) { recordScreening(din: $din, screening: $screening) { din status } }',
        { din, screening },
      ),
    );
  }
  await eventually(() =>
    collector('mutation ($dins: [String!]!, $storage: StorageInput!) { recordStorage(dins: $dins, storage: $storage) { din status } }', {
      dins,
      storage: { location: 'explorer test freezer', temperatureC: -32 },
    }),
  );
  // The dispatch form finds each bag in the projection.
  for (const din of dins) {
    await eventually(
      () => collector<{ donation: { status: string } | null }>('query ($din: String!) { donation(din: $din) { status } }', { din }),
      (answer) => answer.donation?.status === 'stored',
    );
  }
  return dins;
}
