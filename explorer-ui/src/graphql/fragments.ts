// The selections several of the explorer's documents make of the same record, each written once as a GraphQL
// fragment: a document spreads it (`...ChangeStampFields`) and names it in its operation's fragment list, which
// appends the definition. Each stays a plain /* GraphQL */ template so the code generator and the schema test see it.
import { fragment } from './operation';

/** Who last changed a record, and in which transaction. */
export const CHANGE_STAMP_FIELDS = fragment(/* GraphQL */ `
  fragment ChangeStampFields on ChangeStamp {
    txId
    at
    by {
      mspId
      name
      role
    }
    transaction
    reason
  }
`);

/** A Part 11 electronic signature whole: its meaning, its signer and what proves it. */
export const SIGNATURE_FIELDS = fragment(/* GraphQL */ `
  fragment SignatureFields on ElectronicSignature {
    meaning
    signerName
    printedName
    mspId
    signedAt
    recordDigest
    certificate
    roleCertificate
    signature
  }
`);

/** A QA release signature given and waiting in the gateway for the other signer's. */
export const WAITING_SIGNATURE_FIELDS = fragment(/* GraphQL */ `
  fragment WaitingSignatureFields on WaitingSignature {
    meaning
    signerName
    signedAt
  }
`);

/** How many donations, pools and lots a look-back reaches. */
export const LOOK_BACK_COUNTS_FIELDS = fragment(/* GraphQL */ `
  fragment LookBackCountsFields on LookBackCounts {
    donations
    pools
    lots
  }
`);

/** Where a look-back case stands after a step (opened, continued, or opened on a confirmed request). */
export const LOOK_BACK_PROGRESS_FIELDS = fragment(
  /* GraphQL */ `
    fragment LookBackProgressFields on LookBackProgress {
      caseId
      status
      steps
      counts {
        ...LookBackCountsFields
      }
      interdicted
      itemsDigest
      continuation
    }
  `,
  [LOOK_BACK_COUNTS_FIELDS],
);

/** A device whose key signs for a person, as its person and their admin see it. */
export const DEVICE_FIELDS = fragment(/* GraphQL */ `
  fragment DeviceFields on Device {
    id
    label
    enrolledAt
    lastUsedAt
    revokedAt
  }
`);

/** A pool back to its bags: how many it holds, and those the reader's organisation reads, with what grouping needs. */
export const POOL_SOURCES_FIELDS = fragment(/* GraphQL */ `
  fragment PoolSourcesFields on PoolSources {
    poolDin
    donationCount
    donations {
      din
      station
      status
      collectionEnd
      volumeMl
    }
  }
`);

/** A consortium member as the registry describes it, and as a change of the registry names it. */
export const CONSORTIUM_MEMBER_FIELDS = fragment(/* GraphQL */ `
  fragment ConsortiumMemberFields on ConsortiumMember {
    mspId
    name
    kind
    facilities
    jurisdiction
    caCertificate
  }
`);
