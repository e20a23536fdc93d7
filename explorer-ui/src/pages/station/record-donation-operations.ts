// Recording a collected bag: the nine items of the scan, signed on the ledger by the signed-in collector.
import type { RecordDonationMutation, RecordDonationMutationVariables } from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

export const RECORD_DONATION = operation<RecordDonationMutation, RecordDonationMutationVariables>(/* GraphQL */ `
  mutation RecordDonation($input: DonationInput!) {
    recordDonation(input: $input) {
      din
      checkCharacter
      status
    }
  }
`);
