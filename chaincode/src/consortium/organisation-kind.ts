// What kind of member an organisation is: the word the role matrix grants by, kept apart so clients read it freely.
export const ORGANISATION_KINDS = ['station', 'factory', 'regulator'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
