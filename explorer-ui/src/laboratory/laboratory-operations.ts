// Laboratory results on the ledger: a subject's results with how they stand against its mandatory tests, a result
// recorded (its raw data file stored first: documents/store-file.ts), and an OOS investigation closed.
import type {
  CloseOosInvestigationMutation,
  CloseOosInvestigationMutationVariables,
  RecordTestResultMutation,
  RecordTestResultMutationVariables,
  SubjectTestsQuery,
  SubjectTestsQueryVariables,
} from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

/** A subject's results and, for a pool or a lot (`assessed`), how they stand against the mandatory tests. */
export const SUBJECT_TESTS = operation<SubjectTestsQuery, SubjectTestsQueryVariables>(/* GraphQL */ `
  query SubjectTests($kind: TestSubjectKind!, $id: String!, $assessed: Boolean!) {
    testResults(kind: $kind, id: $id) {
      resultId
      analyte
      method
      result
      specification
      conclusion
      oos
      investigation {
        status
        rootCause
        capa
        closedAt
      }
      lab
      analyst
      organisation
      instrument
      rawDataHash
      testedAt
    }
    testAssessment(kind: $kind, id: $id) @include(if: $assessed) {
      jurisdiction
      ruleSetVersion
      mandatory
      passed
      missing
      failing
      openInvestigations
    }
  }
`);

/** A raw data file kept off-chain; the answer's sha256 is what a result cites. */
export const RECORD_TEST_RESULT = operation<RecordTestResultMutation, RecordTestResultMutationVariables>(/* GraphQL */ `
  mutation RecordTestResult($result: TestResultInput!) {
    recordTestResult(result: $result) {
      resultId
    }
  }
`);

export const CLOSE_OOS_INVESTIGATION = operation<CloseOosInvestigationMutation, CloseOosInvestigationMutationVariables>(/* GraphQL */ `
  mutation CloseOosInvestigation($resultId: String!, $closure: OosClosureInput!) {
    closeOosInvestigation(resultId: $resultId, closure: $closure) {
      resultId
    }
  }
`);
