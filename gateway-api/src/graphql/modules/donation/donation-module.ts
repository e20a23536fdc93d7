// Donations, the write side: recording a bag at collection as the signed-in collector, or a tray of them in one
// transaction (or late, by the station's QA with their signature), and correcting a mistyped collection item under the
// two-person rule.
import { LATE_ENTRY_SIGNER_ROLE, newDonation } from '@plasma/chaincode';
import { z } from 'zod';
import type { PersonLedger } from '../../../ledger/person-ledger';
import type { RecordSigning } from '../../../signatures/record-signing';
import type { MutationResolvers } from '../../generated/resolvers';
import { ledgerMutation, signedLedgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';

/** What Donation:RecordDonations answers: the DINs of the tray, in its order (their records come through the projection). */
const TRAY_RECORDED = z.object({ station: z.string(), dins: z.array(z.string()), count: z.number().int() });
const trayRecorded = (value: unknown) => TRAY_RECORDED.parse(value);

export function donationModule(ledger: PersonLedger, signing: RecordSigning): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'donation.graphql'),
    resolvers: {
      Mutation: {
        recordDonation: ledgerMutation(ledger, 'Donation:RecordDonation', newDonation, (args) => [JSON.stringify(args.input)]),
        recordDonations: ledgerMutation(ledger, 'Donation:RecordDonations', trayRecorded, (args) => [JSON.stringify(args.inputs)]),
        recordLateDonation: signedLedgerMutation(
          ledger,
          signing,
          'Donation:RecordLateDonation',
          { meaning: 'late-entry', roles: [LATE_ENTRY_SIGNER_ROLE], record: 'Donation:GetLateEntryRecord' },
          newDonation,
          (args) => [JSON.stringify(args.input), JSON.stringify(args.lateEntry)],
        ),
        proposeCorrection: ledgerMutation(ledger, 'Donation:ProposeCorrection', newDonation, (args) => [
          String(args.din),
          JSON.stringify(args.correction),
        ]),
        reviewCorrection: ledgerMutation(ledger, 'Donation:ReviewCorrection', newDonation, (args) => [
          String(args.din),
          JSON.stringify(args.review),
        ]),
      } satisfies MutationResolvers,
    },
  };
}
