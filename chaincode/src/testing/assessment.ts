// Whether a subject's results satisfy the mandatory tests: the one rule behind "pool NAT gates its use" and
// "a lot's QA release needs all mandatory tests passed and no open OOS".
import type { TestResult } from './test-result';

export interface Assessment {
  readonly passed: boolean;
  /** Mandatory analytes with no valid result. */
  readonly missing: readonly string[];
  /** Mandatory analytes with a valid failing result (a confirmed OOS, or one still under investigation). */
  readonly failing: readonly string[];
  /** Results whose OOS investigation is still open, of any analyte. */
  readonly openInvestigations: readonly string[];
}

/**
 * A result invalidated by its OOS investigation (a laboratory error) no longer counts; every other result does.
 * Each mandatory analyte needs at least one valid result and no valid failing one.
 */
export function assessResults(results: readonly TestResult[], mandatory: readonly string[]): Assessment {
  const valid = results.filter(({ investigation }) => investigation?.status !== 'invalidated');
  const missing = mandatory.filter((analyte) => !valid.some((result) => result.analyte === analyte));
  const failing = mandatory.filter((analyte) => valid.some((result) => result.analyte === analyte && result.conclusion === 'fail'));
  const openInvestigations = results.filter(({ investigation }) => investigation?.status === 'open').map(({ resultId }) => resultId);
  return { passed: missing.length === 0 && failing.length === 0 && openInvestigations.length === 0, missing, failing, openInvestigations };
}

/** Results that stand against their subject: failed or out of specification, and not invalidated by investigation. */
export const standingFailures = (results: readonly TestResult[]): TestResult[] =>
  results.filter(({ conclusion, oos, investigation }) => (conclusion === 'fail' || oos) && investigation?.status !== 'invalidated');

export function describeAssessment({ missing, failing, openInvestigations }: Assessment): string {
  return [
    missing.length > 0 ? `no valid result for ${missing.join(', ')}` : '',
    failing.length > 0 ? `failing ${failing.join(', ')}` : '',
    openInvestigations.length > 0 ? `open OOS investigations ${openInvestigations.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
