// What each kind of electronic signature means, as it is shown beside the signature (Part 11 §11.50).
export const SIGNATURE_MEANINGS: Readonly<Record<string, string>> = {
  'qa-review': 'Reviewed and approved by quality assurance',
  'qp-release': 'Certified for release by the qualified person',
  'regulator-lot-release': 'Lot release by the regulator (批签发)',
  destruction: 'Destruction approved',
  'rule-change': 'Rule change approved',
};
