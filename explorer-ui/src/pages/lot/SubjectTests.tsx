// A subject's laboratory results against specification: a pool's NAT, a lot's QC. First how they stand against the
// mandatory tests of the subject's jurisdiction (as the chaincode judges them before using a pool or releasing a
// lot), then every result with its specification, conclusion and, when out of specification, its investigation.
import type { SubjectTestsQuery, TestSubjectKind } from '../../graphql/generated/operations';
import { useQuery } from '../../graphql/use-query';
import { Hash } from '../../ui/Hash';
import { Instant } from '../../ui/Instant';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { toneOf } from '../../ui/status-tones';
import { SUBJECT_TESTS } from './dossier-operations';

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

function Investigation({ result }: { readonly result: TestResult }) {
  const investigation = result.investigation;
  if (!result.oos || investigation === null) return <span className="muted">—</span>;
  return (
    <div className="investigation">
      <StatusBadge status={`OOS ${investigation.status}`} tone={toneOf(investigation.status)} />
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

export function TestResultsTable({ results }: { readonly results: readonly TestResult[] }) {
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
                <Investigation result={r} />
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

export function SubjectTests({ kind, id, none }: { readonly kind: TestSubjectKind; readonly id: string; readonly none: string }) {
  const query = useQuery(SUBJECT_TESTS, { kind, id });
  const data = query.data;
  return (
    <>
      <QueryStatus query={query} what={`the results of ${id}`} />
      {data?.testAssessment && <AssessmentLine assessment={data.testAssessment} />}
      {data && (data.testResults.length === 0 ? <p className="muted">{none}</p> : <TestResultsTable results={data.testResults} />)}
    </>
  );
}
