// Tells the demo story across the gateways of this deployment, each step at the gateway of the organisation whose
// person takes it: the launcher's last step, and `npm run demo` on its own. A failure is reported with the chapter and
// step where it stopped, never thrown, so that the network stays up without the story.
import { loadTopology, organisation, type Topology } from '@plasma/network';
import { gatewayUrl, ledgerHeight, loadConfig, openServiceChannel, readDemoPeople, type ServiceChannel } from '@plasma/gateway-api';
import { castOf } from './cast';
import { tellDemoStory, type DemoStoryOutcome } from './story';
import { DemoStoryError } from './telling';

/** Every organisation's demo people, as each gateway seeded them in its own file. */
export function demoPeopleOfAll(topology: Topology) {
  return topology.organisations.flatMap((org) => {
    const { demoPeopleFile } = loadConfig(org.name);
    const people = readDemoPeople(demoPeopleFile);
    if (people.length === 0)
      throw new Error(`no demo people in ${demoPeopleFile}; the launcher writes it when it starts ${org.name}'s gateway`);
    return people;
  });
}

/** The outcome, or undefined when the story stopped (reported through `progress`). */
export async function runDemoStory(
  progress: (line: string) => void,
  topology: Topology = loadTopology(),
): Promise<DemoStoryOutcome | undefined> {
  const started = Date.now();
  let service: ServiceChannel | undefined;
  try {
    const people = demoPeopleOfAll(topology);
    // The story waits for the projection it reads, the inspector's, to reach the ledger's height first.
    service = openServiceChannel(topology, castOf(topology, people).inspector.org);
    const { network } = service;
    const outcome = await tellDemoStory({
      urlOf: (org) => gatewayUrl(organisation(topology, org)),
      topology,
      people,
      progress,
      ledgerHeight: async () => Number(await ledgerHeight(network)),
    });
    if (!outcome.alreadyTold) {
      progress(
        `demo story told in ${Math.round((Date.now() - started) / 1000)} s: lot ${outcome.lotId} from pool ${outcome.poolDin} ` +
          `(${outcome.pooledDins.length} donations), look-back ${outcome.lookBackCaseId}; try upstreamOfUnit(code: "${outcome.vials[0]}")`,
      );
    }
    return outcome;
  } catch (error) {
    const where =
      error instanceof DemoStoryError ? error.message : `before it began: ${error instanceof Error ? error.message : String(error)}`;
    progress(`demo story stopped in ${where}`);
    progress("demo story: the network is up without it; 'npm run demo' tells the rest once the cause is fixed");
    return undefined;
  } finally {
    service?.close();
  }
}
