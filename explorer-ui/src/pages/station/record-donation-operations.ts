// Recording a collected bag: the nine items of the scan, signed on the ledger by the signed-in collector; or, late, by
// the station's QA with their electronic signature of the late-entry record.
import type {
  RecordDonationMutation,
  RecordDonationMutationVariables,
  RecordLateDonationMutation,
  RecordLateDonationMutationVariables,
} from '../../graphql/generated/operations';
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

export const RECORD_LATE_DONATION = operation<RecordLateDonationMutation, RecordLateDonationMutationVariables>(/* GraphQL */ `
  mutation RecordLateDonation($input: DonationInput!, $lateEntry: ReasonInput!, $password: String!) {
    recordLateDonation(input: $input, lateEntry: $lateEntry, password: $password) {
      din
      checkCharacter
      status
    }
  }
`);
