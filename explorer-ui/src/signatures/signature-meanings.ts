// What each kind of electronic signature means, as it is shown beside the signature (Part 11 §11.50): one line for
// each of the chaincode's meanings, which the compiler holds to the chaincode's list.
import { SIGNATURE_MEANINGS, type SignatureMeaning } from '@plasma/chaincode/browser';

export const MEANING_TEXT: Readonly<Record<SignatureMeaning, string>> = {
  'qa-review': 'Reviewed and approved by quality assurance',
  'qp-release': 'Certified for release by the qualified person',
  'regulator-lot-release': 'Lot release by the regulator (批签发)',
  destruction: 'Destruction approved',
  'rule-change': 'Rule change approved',
  'late-entry': 'Late entry justified by station quality assurance',
  'look-back-conclusion': 'Look-back concluded by the regulator',
  'registry-change': 'Consortium registry change approved',
};

/** A meaning as a person reads it; one this explorer does not know yet, as the ledger gives it. */
export const meaningText = (meaning: string): string =>
  (SIGNATURE_MEANINGS as readonly string[]).includes(meaning) ? MEANING_TEXT[meaning as SignatureMeaning] : meaning;
