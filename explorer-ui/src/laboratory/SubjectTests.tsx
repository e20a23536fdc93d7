// A subject's laboratory results against specification: a bag's re-test, a pool's NAT, a lot's QC. First how they
// stand against the mandatory tests of the subject's jurisdiction (as the chaincode judges them before using a pool or
// releasing a lot), then every result with its specification, conclusion and, when out of specification, its
// investigation. A laboratory's people record results here and close the investigations of their own laboratory's.
import type { SubjectTestsQuery, SubjectTestsQueryVariables, TestSubjectKind } from '../graphql/generated/operations';
import { useQuery } from '../graphql/use-query';
import { useSession } from '../session/session';
import { Hash } from '../ui/Hash';
import { Instant } from '../ui/Instant';
import { QueryStatus } from '../ui/QueryStatus';
import { StatusBadge } from '../ui/StatusBadge';
import { toneOf } from '../ui/status-tones';
import { CloseInvestigation } from './CloseInvestigation';
import { SUBJECT_TESTS } from './laboratory-operations';
import { RecordTestResult } from './RecordTestResult';

type TestResult = SubjectTestsQuery['testResults'][number];

function AssessmentLine({ assessment }: { readonly assessment: NonNullable<SubjectTestsQuery['testAssessment']> }) {
  const problems = [
    assessment.missing.length > 0 && `no valid result for ${assessment.missing.join(', ')}`,
    assessment.failing.length > 0 && `failing ${assessment.failing.join(', ')}`,
    assessment.openInvestigations.length > 0 && `OOS investigation open for ${assessment.openInvestigations.join(', ')}`,
  ].filter(Boolean);
  return (
    <p className="assessment" data-testid="test-assessment">
      <StatusBadge status={assessment.passed ? 'pass' : 'fail'} /> {assessment.passed ? 'Every mandatory test passed' : problems.join('; ')}{' '}
      <span className="muted">
        — mandatory in {assessment.jurisdiction} (rule set v{assessment.ruleSetVersion}): {assessment.mandatory.join(', ')}
      </span>
    </p>
  );
}

/** Whether the gateway judges the subject against mandatory tests: a donation's screening is private to its station. */
export const isAssessed = (kind: TestSubjectKind): boolean => kind !== 'DONATION';

/** Where the investigations of a table's results may be closed: whose laboratory closes, and what to reload after. */
interface Closing {
  readonly subject: SubjectTestsQueryVariables;
  /** The reader's organisation, when they may close investigations: its laboratory's own only. */
  readonly laboratory: string | undefined;
  readonly onClosed: () => void;
}

function Investigation({ result, closing }: { readonly result: TestResult; readonly closing: Closing }) {
  const investigation = result.investigation;
  if (!result.oos || investigation === null) return <span className="muted">—</span>;
  return (
    <div className="investigation">
      <StatusBadge status={`OOS ${investigation.status}`} tone={toneOf(investigation.status)} />
      {investigation.status === 'open' && closing.laboratory === result.organisation && (
        <CloseInvestigation resultId={result.resultId} subject={closing.subject} onClosed={closing.onClosed} />
      )}
      {investigation.rootCause && (
        <div>
          <span className="muted">Root cause:</span> {investigation.rootCause}
        </div>
      )}
      {investigation.capa && (
        <div>
          <span className="muted">CAPA:</span> {investigation.capa}
        </div>
      )}
      {investigation.closedAt && (
        <div className="muted">
          closed <Instant at={investigation.closedAt} />
        </div>
      )}
    </div>
  );
}

function TestResultsTable({ results, closing }: { readonly results: readonly TestResult[]; readonly closing: Closing }) {
  return (
    <div className="table-wrap">
      <table className="test-results">
        <thead>
          <tr>
            <th>Analyte</th>
            <th>Method</th>
            <th>Result</th>
            <th>Specification</th>
            <th>Conclusion</th>
            <th>Tested</th>
            <th>OOS investigation</th>
            <th>Raw data</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.resultId} className={r.investigation?.status === 'invalidated' ? 'outside' : undefined} data-testid="test-result">
              <td>
                <strong>{r.analyte}</strong>
              </td>
              <td>
                {r.method}
                <div className="muted">{r.instrument}</div>
              </td>
              <td>{r.result}</td>
              <td>{r.specification}</td>
              <td>
                <StatusBadge status={r.conclusion} />
              </td>
              <td>
                <Instant at={r.testedAt} />
                <div className="muted">
                  {r.lab}, {r.analyst}
                </div>
              </td>
              <td>
                <Investigation result={r} closing={closing} />
              </td>
              <td>
                <Hash value={r.rawDataHash} keep={6} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SubjectTests({
  kind,
  id,
  none,
  recordable,
  onChanged,
}: {
  readonly kind: TestSubjectKind;
  readonly id: string;
  readonly none: string;
  /**
   * Whether the reader's laboratory may test this subject, as the page knows it (a bag: its custodian; a closed pool: its
   * factory; a lot: its factory or the regulator); their role decides too.
   */
  readonly recordable: boolean;
  /** What else the page reloads after a result or a closed investigation (a bag's status, a lot's holds). */
  readonly onChanged?: () => void;
}) {
  const session = useSession();
  const subject = { kind, id, assessed: isAssessed(kind) };
  const query = useQuery(SUBJECT_TESTS, subject);
  const data = query.data;
  const changed = (): void => {
    query.reload();
    onChanged?.();
  };
  const closing: Closing = {
    subject,
    laboratory: session.may('TestResult:CloseOosInvestigation') ? session.person.organisation.mspId : undefined,
    onClosed: changed,
  };
  return (
    <>
      <QueryStatus query={query} what={`the results of ${id}`} />
      {data?.testAssessment && <AssessmentLine assessment={data.testAssessment} />}
      {data &&
        (data.testResults.length === 0 ? (
          <p className="muted">{none}</p>
        ) : (
          <TestResultsTable results={data.testResults} closing={closing} />
        ))}
      {data && recordable && session.may('TestResult:RecordTestResult') && (
        <RecordTestResult kind={kind} id={id} mandatory={data.testAssessment?.mandatory ?? []} onRecorded={changed} />
      )}
    </>
  );
}
