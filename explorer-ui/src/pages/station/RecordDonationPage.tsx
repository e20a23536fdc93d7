// Recording a donation at the station: scan the bag's DIN (or type it), fill in the collection, and record it on
// the ledger signed as the operator. Each field says what is wrong as it is typed; what the ledger refuses is
// shown beside the field it names. The station's QA records only late entries (a collection that ended longer ago than
// the rule set's lateEntryHours: a scanner that was offline, a paper record), with the reason it comes late and their
// electronic signature of the late-entry record.
import { useRef, useState, type SubmitEvent, type KeyboardEvent } from 'react';
import { LATE_ENTRY_SIGNER_ROLE } from '@plasma/chaincode/browser';
import { paths } from '../../app/object-paths';
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useMutation } from '../../graphql/use-mutation';
import { useQuery } from '../../graphql/use-query';
import { readDin } from '../../identifiers/din-input';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { SignDialog } from '../../signatures/SignDialog';
import { Din } from '../../ui/Din';
import { Field } from '../../ui/Field';
import { localInputValue } from '../../ui/local-time';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { DonorVerdict } from '../donor/DonorVerdict';
import { DONOR_STANDING } from '../donor/donor-operations';
import { PSEUDONYM_PATTERN } from '../donor/DonorsPage';
import { donationInput, formProblems, type DonationForm } from './donation-form';
import { RECORD_DONATION, RECORD_LATE_DONATION } from './record-donation-operations';

const freshCollection = (): Pick<DonationForm, 'din' | 'donorPseudonym' | 'collectionStart' | 'collectionEnd'> => ({
  din: '',
  donorPseudonym: '',
  collectionStart: localInputValue(Date.now() - 45 * 60_000),
  collectionEnd: localInputValue(Date.now()),
});

export function RecordDonationPage() {
  const { person } = useSession();
  // Product, device and bag-set lot stay as they were for the next bag of the same session at the machine.
  const [form, setForm] = useState<DonationForm>({
    ...freshCollection(),
    productCode: 'E0701V00',
    volumeMl: '',
    deviceSerial: '',
    anticoagulantLot: '',
  });
  const [touched, setTouched] = useState<ReadonlySet<keyof DonationForm>>(new Set());
  const [recorded, setRecorded] = useState<{ din: string; checkCharacter: string }[]>([]);
  const late = person.role === LATE_ENTRY_SIGNER_ROLE;
  const [lateReason, setLateReason] = useState('');
  const [lateTouched, setLateTouched] = useState(false);
  const [signing, setSigning] = useState(false);
  const recordOnTime = useMutation(RECORD_DONATION);
  const recordLate = useMutation(RECORD_LATE_DONATION);
  const record = late ? recordLate : recordOnTime;
  const dinInput = useRef<HTMLInputElement>(null);

  const problems = formProblems(form);
  const lateProblem = late && lateReason.trim() === '' ? 'Say why the donation is recorded late.' : undefined;
  const refused = record.error instanceof GraphQLFailure ? record.error : undefined;
  // A refusal whose field is not on the form (the signature's) is said above the button like any other.
  const besideField =
    refused?.field !== undefined && (Object.keys(form).some((f) => refused.field!.endsWith(f)) || refused.field === 'lateEntry.reason');
  const problemOf = (field: keyof DonationForm): string | undefined =>
    (touched.has(field) ? problems[field] : undefined) ?? (refused?.field?.endsWith(field) ? refused.message : undefined);
  const din = readDin(form.din);
  // What the ledger will say of this donor (deferred, or too soon since their last donation), before the bag is recorded.
  const pseudonym = form.donorPseudonym.trim();
  const standing = useQuery(DONOR_STANDING, { donorPseudonym: pseudonym }, { skip: !PSEUDONYM_PATTERN.test(pseudonym) });

  const change = (field: keyof DonationForm) => (event: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [field]: event.target.value }));
    setTouched((t) => new Set(t).add(field));
  };
  // A scanner types the barcode and Enter: Enter moves on to the next field rather than submitting half a form.
  const nextOnEnter = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    (event.currentTarget.form?.elements.namedItem('donorPseudonym') as HTMLInputElement | null)?.focus();
  };

  const recordedOne = (donation: { din: string; checkCharacter: string }): void => {
    setRecorded((r) => [{ din: donation.din, checkCharacter: donation.checkCharacter }, ...r]);
    setForm((f) => ({ ...f, ...freshCollection() }));
    setLateReason('');
    setLateTouched(false);
    setTouched(new Set());
    dinInput.current?.focus();
  };

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setTouched(new Set(Object.keys(form) as (keyof DonationForm)[]));
    setLateTouched(true);
    if (Object.keys(problems).length > 0 || lateProblem) return;
    if (late) {
      setSigning(true);
      return;
    }
    const result = await recordOnTime.run({ input: donationInput(form) });
    if (result) recordedOne(result.recordDonation);
  };

  // What the ledger refuses is shown on the page, beside its field: the dialog closes whatever the answer.
  const signLate = async (password: string): Promise<void> => {
    const result = await recordLate.run({ input: donationInput(form), lateEntry: { reason: lateReason.trim() }, password });
    if (result) recordedOne(result.recordLateDonation);
  };

  return (
    <Page kicker={`Station ${person.organisation.name}`} title={late ? 'Record a late donation' : 'Record a donation'}>
      <div className="grid">
        <Panel title="Bag scan">
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            <Field
              label="DIN"
              id="din"
              problem={problemOf('din')}
              help={
                din.ok ? (
                  <>
                    DIN <Din din={din.din} checkCharacter={din.checkCharacter} />
                    {din.scanned && ' (check character computed from the scan)'}
                  </>
                ) : (
                  'Scan the barcode, or type the 13 characters and the check character.'
                )
              }
            >
              <input
                id="din"
                name="din"
                ref={dinInput}
                value={form.din}
                onChange={change('din')}
                onKeyDown={nextOnEnter}
                autoFocus
                autoComplete="off"
                spellCheck={false}
                aria-invalid={problemOf('din') !== undefined}
                placeholder="=G100126000001 00 or G1001 26 000001 D"
              />
            </Field>
            <Field
              label="Donor pseudonym"
              id="donorPseudonym"
              problem={problemOf('donorPseudonym')}
              help={
                standing.data ? (
                  <DonorVerdict standing={standing.data.donorStanding} />
                ) : (
                  "From the donor card or the station's donor register: never a name or ID number."
                )
              }
            >
              <input
                id="donorPseudonym"
                name="donorPseudonym"
                value={form.donorPseudonym}
                onChange={change('donorPseudonym')}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <div className="field-row">
              <Field label="Collection start" id="collectionStart" problem={problemOf('collectionStart')}>
                <input id="collectionStart" type="datetime-local" value={form.collectionStart} onChange={change('collectionStart')} />
              </Field>
              <Field label="Collection end" id="collectionEnd" problem={problemOf('collectionEnd')}>
                <input id="collectionEnd" type="datetime-local" value={form.collectionEnd} onChange={change('collectionEnd')} />
              </Field>
            </div>
            <div className="field-row">
              <Field label="Volume (mL)" id="volumeMl" problem={problemOf('volumeMl')}>
                <input id="volumeMl" inputMode="numeric" value={form.volumeMl} onChange={change('volumeMl')} />
              </Field>
              <Field label="Product code" id="productCode" problem={problemOf('productCode')}>
                <input id="productCode" value={form.productCode} onChange={change('productCode')} spellCheck={false} />
              </Field>
            </div>
            <div className="field-row">
              <Field label="Apheresis device serial" id="deviceSerial" problem={problemOf('deviceSerial')}>
                <input id="deviceSerial" value={form.deviceSerial} onChange={change('deviceSerial')} spellCheck={false} />
              </Field>
              <Field label="Anticoagulant / bag-set lot" id="anticoagulantLot" problem={problemOf('anticoagulantLot')}>
                <input id="anticoagulantLot" value={form.anticoagulantLot} onChange={change('anticoagulantLot')} spellCheck={false} />
              </Field>
            </div>
            {late && (
              <Field
                label="Why it comes late"
                id="lateReason"
                problem={(lateTouched ? lateProblem : undefined) ?? (refused?.field === 'lateEntry.reason' ? refused.message : undefined)}
                help="Collections that ended longer ago than the rule set's late-entry hours: your signature justifies the late entry, and the bag's hold counts from now."
              >
                <input
                  id="lateReason"
                  value={lateReason}
                  onChange={(e) => {
                    setLateReason(e.target.value);
                    setLateTouched(true);
                  }}
                />
              </Field>
            )}
            {record.error && !besideField && (
              <p className="notice error" role="alert">
                {record.error.message}
              </p>
            )}
            <button type="submit" className="primary" disabled={record.running}>
              {record.running ? 'Recording on the ledger…' : late ? 'Sign and record late entry…' : 'Record donation'}
            </button>
          </form>
          {signing && (
            <SignDialog meaning="late-entry" onSign={signLate} onClose={() => setSigning(false)}>
              <div>
                Late entry of DIN {form.din.trim()}, collected {new Date(form.collectionStart).toLocaleString()} –{' '}
                {new Date(form.collectionEnd).toLocaleString()}, {form.volumeMl} mL
              </div>
              <div className="muted">Reason: {lateReason.trim()}</div>
            </SignDialog>
          )}
        </Panel>
        <Panel title="Recorded in this session">
          {recorded.length === 0 ? (
            <p className="muted">Nothing yet. Each bag recorded appears here.</p>
          ) : (
            <ul className="plain" data-testid="recorded">
              {recorded.map((d) => (
                <li key={d.din}>
                  <Link to={paths.donation(d.din)}>
                    <Din din={d.din} checkCharacter={d.checkCharacter} />
                  </Link>{' '}
                  recorded
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </Page>
  );
}
