// Jurisdictions: whose rules (hold period, storage limit, look-back window, mandatory tests) govern plasma.

export const JURISDICTION_RULE = {
  text: 'must be a jurisdiction code: a capital letter then 1 to 9 capital letters or digits, e.g. CN or QSEAL',
  test: (value: unknown): value is string => typeof value === 'string' && /^[A-Z][A-Z0-9]{1,9}$/.test(value),
};

/** Organisations registered without a jurisdiction (every one registered before rule sets existed) follow China's. */
export const DEFAULT_JURISDICTION = 'CN';
