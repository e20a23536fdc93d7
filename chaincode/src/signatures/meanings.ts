// What a signature means; each signable function has its own, shown with the signature (Part 11 §11.50). Alone in
// its module so that the explorer lists the same meanings (the chaincode's browser face).
export const SIGNATURE_MEANINGS = [
  'qa-review',
  'qp-release',
  'regulator-lot-release',
  'destruction',
  'rule-change',
  'late-entry',
  'look-back-conclusion',
  'registry-change',
] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];
