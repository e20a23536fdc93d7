// The selections several of the demo's documents make of the same record, each written once as a GraphQL
// fragment: a document spreads it (`...DonationSummaryFields`) and names it in its operation's fragment list, which
// appends the definition. Each stays a plain /* GraphQL */ template so the code generator and the schema test see it.
import { fragment } from './operation';

/** A donation as the story tells of it: its DIN, where it stands and when it was recorded. */
export const DONATION_SUMMARY_FIELDS = fragment(/* GraphQL */ `
  fragment DonationSummaryFields on Donation {
    din
    status
    recordedAt
  }
`);

/** A lot as the story tells of it: where it stands, its steps, its pools and what holds it. */
export const LOT_SUMMARY_FIELDS = fragment(/* GraphQL */ `
  fragment LotSummaryFields on Lot {
    lotId
    status
    stepCount
    pools
    holds {
      kind
      ref
    }
  }
`);
