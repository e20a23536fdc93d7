// The record-donation form's values and what is wrong with them as the operator types. The DIN is checked by
// the chaincode's own rule (its check character included); the other fields only for being filled in and
// well formed, since their exact rules live in the chaincode, which names any field it refuses on submit.
import type { DonationInput } from '../../graphql/generated/operations';
import { readDin } from '../../identifiers/din-input';

export interface DonationForm {
  readonly din: string;
  readonly productCode: string;
  readonly donorPseudonym: string;
  /** datetime-local values, in the station's local time. */
  readonly collectionStart: string;
  readonly collectionEnd: string;
  readonly volumeMl: string;
  readonly deviceSerial: string;
  readonly anticoagulantLot: string;
}

export type FormProblems = Partial<Record<keyof DonationForm, string>>;

export function formProblems(form: DonationForm): FormProblems {
  const problems: FormProblems = {};
  const din = readDin(form.din);
  if (form.din.trim() === '') problems.din = "Scan the bag's DIN barcode or type the DIN with its check character.";
  else if (!din.ok) problems.din = din.problem;
  else if (!din.scanned && form.din.replace(/\s+/g, '').length === 13)
    problems.din = 'Add the check character printed in the box after the DIN.';
  for (const field of ['productCode', 'donorPseudonym', 'deviceSerial', 'anticoagulantLot'] as const) {
    if (form[field].trim() === '') problems[field] = 'Required.';
  }
  if (!/^\d+$/.test(form.volumeMl.trim())) problems.volumeMl = 'Whole millilitres, e.g. 600.';
  const start = Date.parse(form.collectionStart);
  const end = Date.parse(form.collectionEnd);
  if (Number.isNaN(start)) problems.collectionStart = 'Required.';
  if (Number.isNaN(end)) problems.collectionEnd = 'Required.';
  else if (!Number.isNaN(start) && end <= start) problems.collectionEnd = 'Must be after the start of collection.';
  return problems;
}

/** The mutation's input from a form without problems. */
export function donationInput(form: DonationForm): DonationInput {
  const din = readDin(form.din);
  if (!din.ok) throw new Error(din.problem);
  return {
    din: `${din.din}${din.checkCharacter}`,
    productCode: form.productCode.trim(),
    donorPseudonym: form.donorPseudonym.trim(),
    collectionStart: new Date(form.collectionStart).toISOString(),
    collectionEnd: new Date(form.collectionEnd).toISOString(),
    volumeMl: Number(form.volumeMl),
    deviceSerial: form.deviceSerial.trim(),
    anticoagulantLot: form.anticoagulantLot.trim(),
  };
}
