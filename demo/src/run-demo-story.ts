// Tells the demo story to the gateway of this deployment, as the demo people: the launcher's last step, and
// `npm run demo` on its own. A failure is reported with the chapter and step where it stopped, never thrown,
// so that the network stays up without the story.
import { loadTopology, type Topology } from '@plasma/network';
import { ledgerHeight, loadConfig, openServiceChannel, readDemoPeople, type ServiceChannel } from '@plasma/gateway-api';
import { tellDemoStory, type DemoStoryOutcome } from './story';
import { DemoStoryError } from './telling';

export const gatewayUrl = (topology: Topology): string => `http://${topology.services.gateway.host}:${topology.services.gateway.port}`;

/** The outcome, or undefined when the story stopped (reported through `progress`). */
export async function runDemoStory(
  progress: (line: string) => void,
  topology: Topology = loadTopology(),
): Promise<DemoStoryOutcome | undefined> {
  const started = Date.now();
  let service: ServiceChannel | undefined;
  try {
    const { demoPeopleFile } = loadConfig();
    const people = readDemoPeople(demoPeopleFile);
    if (people.length === 0) throw new Error(`no demo people in ${demoPeopleFile}; the launcher writes it when it starts the gateway`);
    service = openServiceChannel(topology);
    const { network } = service;
    const outcome = await tellDemoStory({
      url: gatewayUrl(topology),
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
