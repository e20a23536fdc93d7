// The gateway's queries behind a lot's pages, its release dossier and the lots waiting for release: the lot as the
// ledger keeps it with the signatures it still needs, test results by subject and their assessment against the
// mandatory tests, the batch record's steps with the hash chain checked, deviations with their CAPA.
import type {
  BatchRecordQuery,
  BatchRecordQueryVariables,
  CitedDocumentQuery,
  CitedDocumentQueryVariables,
  LotQuery,
  LotQueryVariables,
  LotsQuery,
  LotsQueryVariables,
  LotStatusQuery,
  LotStatusQueryVariables,
} from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS, SIGNATURE_FIELDS, WAITING_SIGNATURE_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

/** A QA release signature given and waiting in the gateway for the other signer's. */
export type WaitingSignature = NonNullable<LotQuery['lot']>['signedWaiting'][number];

/** The lots on their way to sale: each lot as the list shows it, and where its release stands (awaitingSignatures in order). */
export const LOTS = operation<LotsQuery, LotsQueryVariables>(
  /* GraphQL */ `
    query Lots($status: [String!]) {
      lots(status: $status) {
        lot {
          lotId
          product {
            name
            gtin
            cnProductCode
            expiry
          }
          factory
          status
          holds {
            kind
            ref
            reason
            since
            placedBy
          }
          openDeviations
          unitCount
          createdAt
        }
        awaitingSignatures
        signedWaiting {
          ...WaitingSignatureFields
        }
        updatedAt
      }
    }
  `,
  [WAITING_SIGNATURE_FIELDS],
);

/** One lot, whole, and where its release stands. */
export const LOT = operation<LotQuery, LotQueryVariables>(
  /* GraphQL */ `
    query Lot($lotId: String!) {
      lot(lotId: $lotId) {
        lot {
          lotId
          factory
          jurisdiction
          product {
            name
            gtin
            cnProductCode
            expiry
          }
          pools
          status
          holds {
            kind
            ref
            reason
            since
            placedBy
          }
          openDeviations
          stepCount
          ebrDigest
          unitCount
          qaRelease {
            releasedAt
            dossierDigest
            signatures {
              ...SignatureFields
            }
          }
          regulatorRelease {
            releasedAt
            signature {
              ...SignatureFields
            }
          }
          recall {
            recalledAt
            reason
          }
          createdAt
          lastChange {
            ...ChangeStampFields
          }
        }
        awaitingSignatures
        signedWaiting {
          ...WaitingSignatureFields
        }
        updatedAt
      }
    }
  `,
  [CHANGE_STAMP_FIELDS, SIGNATURE_FIELDS, WAITING_SIGNATURE_FIELDS],
);

/** A lot's status as the projection holds it, to wait for a release to be indexed. */
export const LOT_STATUS = operation<LotStatusQuery, LotStatusQueryVariables>(/* GraphQL */ `
  query LotStatus($lotId: String!) {
    lot(lotId: $lotId) {
      lot {
        lotId
        status
      }
    }
  }
`);

/**
 * The batch record's steps, each with the gateway's two checks of its place in the hash chain (digestMatches: the
 * digest recomputed from the step equals digest; linksToPrevious: previousDigest is the step before's, null for a
 * step read on its own), and the lot's deviations with their CAPA.
 */
export const BATCH_RECORD = operation<BatchRecordQuery, BatchRecordQueryVariables>(/* GraphQL */ `
  query BatchRecord($lotId: String!) {
    processSteps(lotId: $lotId) {
      seq
      step
      equipment
      operator
      start
      end
      parameterDataHash
      parameters {
        name
        value
      }
      masterRecord {
        productCode
        version
      }
      outOfRange
      previousDigest
      digest
      digestMatches
      linksToPrevious
    }
    deviations(lotId: $lotId) {
      deviationId
      description
      classification
      status
      raisedAt
      capa {
        rootCause
        correctiveAction
        preventiveAction
        closedAt
      }
    }
  }
`);

/** An off-chain document by the hash the ledger cites, with its bytes (refused, FORBIDDEN, to roles that may not read them). */
export const CITED_DOCUMENT = operation<CitedDocumentQuery, CitedDocumentQueryVariables>(/* GraphQL */ `
  query CitedDocument($sha256: String!) {
    document(sha256: $sha256) {
      mediaType
      fileName
      contentBase64
    }
  }
`);
