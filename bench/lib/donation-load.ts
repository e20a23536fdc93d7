// The load the donation benches send straight to the peers: new bags from the stations' collectors, the stations taking
// turns, one bag a RecordDonation or a tray of them a RecordDonations; a transaction invalidated at commit counts as
// failed.
import type { Topology } from '@plasma/network';
import { openSession } from '@plasma/platform';
import { donation, newDin } from '@plasma/testkit';
import type { Send } from './schedule';

export interface DonationLoad {
  /** One new bag in a RecordDonation. */
  readonly recordDonation: Send;
  /** `size` new bags in a RecordDonations. */
  readonly recordTray: (size: number) => Send;
  readonly close: () => void;
}

export function donationLoad(topology: Topology): DonationLoad {
  const stations = topology.organisations.filter((o) => o.kind === 'station');
  const sessions = stations.map((s) => ({ facility: s.facilities[0]!, session: openSession(topology, s.name, 'collector1') }));
  const submit = async (i: number, transaction: string, input: (facility: string) => unknown): Promise<void> => {
    const { facility, session } = sessions[i % sessions.length]!;
    const submitted = await session.contract('Donation').submitAsync(transaction, { arguments: [JSON.stringify(input(facility))] });
    const status = await submitted.getStatus();
    if (!status.successful) throw new Error(`invalid: ${status.code}`);
  };
  return {
    recordDonation: (i) => submit(i, 'RecordDonation', (facility) => donation(newDin(facility))),
    recordTray: (size) => (i) => submit(i, 'RecordDonations', (facility) => Array.from({ length: size }, () => donation(newDin(facility)))),
    close: () => sessions.forEach((s) => s.session.close()),
  };
}
