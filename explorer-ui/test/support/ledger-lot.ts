// A lot in process on the running network, made for a test straight on the ledger as each person of the chain of
// custody would, from a tested pool (testedPoolOnLedger). Ready for its release signatures.
import { gtinOf } from '@plasma/demo';
import { loadTopology } from '@plasma/network';
import { eventually, ledgerPeople, newDin, testedPoolOnLedger } from '@plasma/testkit';

export async function inProcessLotOnLedger(lotId: string): Promise<void> {
  const topology = loadTopology();
  const people = ledgerPeople(topology);
  const { submit } = people;
  try {
    const poolDin = newDin('G2001');
    await testedPoolOnLedger(people, `G1001-SHP-${lotId}`, poolDin);
    const gtin = gtinOf('0691234567890');
    await eventually(() =>
      submit('Factory', 'qa1', 'Lot', 'CreateLot', {
        lotId,
        product: { name: 'Human albumin 20 %', gtin, expiry: '2029-06-30' },
        pools: [poolDin],
      }),
    );
  } finally {
    people.close();
  }
}
