// Products' master batch records (MBR): each product's manufacturing steps in order with their critical process
// parameters and ranges, versioned by the factory's QA on the ledger, and a new version defined.
import type {
  DefineMasterBatchRecordMutation,
  DefineMasterBatchRecordMutationVariables,
  MasterBatchRecordQuery,
  MasterBatchRecordQueryVariables,
  MasterBatchRecordsQuery,
  MasterBatchRecordsQueryVariables,
} from '../../graphql/generated/operations';
import { fragment, operation } from '../../graphql/operation';

const MASTER_RECORD_FIELDS = fragment(/* GraphQL */ `
  fragment MasterRecordFields on MasterBatchRecord {
    productCode
    productName
    factory
    version
    steps {
      step
      parameters {
        name
        unit
        min
        max
      }
    }
    reason
    definedAt
    lastChange {
      by {
        name
        mspId
      }
    }
  }
`);

export const MASTER_RECORDS = operation<MasterBatchRecordsQuery, MasterBatchRecordsQueryVariables>(
  /* GraphQL */ `
    query MasterBatchRecords {
      masterBatchRecords {
        ...MasterRecordFields
      }
    }
  `,
  [MASTER_RECORD_FIELDS],
);

/** One version of a product's MBR, the one in force when no version is given. */
export const MASTER_RECORD = operation<MasterBatchRecordQuery, MasterBatchRecordQueryVariables>(
  /* GraphQL */ `
    query MasterBatchRecord($productCode: String!, $version: Int) {
      masterBatchRecord(productCode: $productCode, version: $version) {
        ...MasterRecordFields
      }
    }
  `,
  [MASTER_RECORD_FIELDS],
);

export const DEFINE_MASTER_RECORD = operation<DefineMasterBatchRecordMutation, DefineMasterBatchRecordMutationVariables>(/* GraphQL */ `
  mutation DefineMasterBatchRecord($productCode: String!, $change: MasterBatchRecordChangeInput!) {
    defineMasterBatchRecord(productCode: $productCode, change: $change) {
      productCode
      version
    }
  }
`);

export type MasterRecord = NonNullable<MasterBatchRecordQuery['masterBatchRecord']>;
