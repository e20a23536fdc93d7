// Recording a donation at the station: scan the bag's DIN (or type it), fill in the collection, and record it on
// the ledger signed as the operator. Each field says what is wrong as it is typed; what the ledger refuses is
// shown beside the field it names.
import { useRef, useState, type SubmitEvent, type KeyboardEvent } from 'react';
import { paths } from '../../app/object-paths';
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useMutation } from '../../graphql/use-mutation';
import { useQuery } from '../../graphql/use-query';
import { readDin } from '../../identifiers/din-input';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { Din } from '../../ui/Din';
import { Field } from '../../ui/Field';
import { localInputValue } from '../../ui/local-time';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { DonorVerdict } from '../donor/DonorVerdict';
import { DONOR_STANDING } from '../donor/donor-operations';
import { PSEUDONYM_PATTERN } from '../donor/DonorsPage';
import { donationInput, formProblems, type DonationForm } from './donation-form';
import { RECORD_DONATION } from './record-donation-operations';

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
  const record = useMutation(RECORD_DONATION);
  const dinInput = useRef<HTMLInputElement>(null);

  const problems = formProblems(form);
  const refused = record.error instanceof GraphQLFailure ? record.error : undefined;
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

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setTouched(new Set(Object.keys(form) as (keyof DonationForm)[]));
    if (Object.keys(problems).length > 0) return;
    const result = await record.run({ input: donationInput(form) });
    if (result) {
      setRecorded((r) => [{ din: result.recordDonation.din, checkCharacter: result.recordDonation.checkCharacter }, ...r]);
      setForm((f) => ({ ...f, ...freshCollection() }));
      setTouched(new Set());
      dinInput.current?.focus();
    }
  };

  return (
    <Page kicker={`Station ${person.organisation.name}`} title="Record a donation">
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
            {record.error && !refused?.field && (
              <p className="notice error" role="alert">
                {record.error.message}
              </p>
            )}
            <button type="submit" className="primary" disabled={record.running}>
              {record.running ? 'Recording on the ledger…' : 'Record donation'}
            </button>
          </form>
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
