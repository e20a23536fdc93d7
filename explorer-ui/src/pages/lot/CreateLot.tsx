// A lot made from closed pools whose NAT passed: its number, the product (name, GTIN or the Chinese product code, at
// least one, and expiry) and its pools scanned or typed. The ledger checks each pool (closed, the factory's, of the
// lot's jurisdiction, NAT passed, not under look-back) and names the one it refuses; the dossier opens on the new lot.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { useGraphQL } from '../../graphql/graphql-context';
import { GraphQLFailure, messageOf } from '../../graphql/graphql-failure';
import { readDin } from '../../identifiers/din-input';
import { untilIndexed } from '../../ledger/until-indexed';
import { useRouter } from '../../router/router';
import { Field } from '../../ui/Field';
import { LOT_STATUS } from './dossier-operations';
import { CREATE_LOT } from './lot-operations';

const EMPTY = { lotId: '', name: '', gtin: '', cnProductCode: '', expiry: '', pools: '' };

/** The refusals this form shows beside a field of its own. */
const FIELDS = ['lot.lotId', 'lot.product.name', 'lot.product.gtin', 'lot.product.cnProductCode', 'lot.product.expiry', 'lot.pools'];

export function CreateLot() {
  const { client } = useGraphQL();
  const { navigate } = useRouter();
  const [form, setForm] = useState(EMPTY);
  const [failure, setFailure] = useState<Error>();
  const [busy, setBusy] = useState(false);
  // One pool a line (or between commas): scanned from its barcode, or typed as printed, spaces and all.
  const pools = form.pools
    .split(/[\n,;]+/)
    .filter((p) => p.trim() !== '')
    .map(readDin);
  const unreadable = pools.flatMap((p) => (p.ok ? [] : [p.problem]))[0];
  const complete =
    form.lotId.trim() !== '' && form.name.trim() !== '' && form.expiry !== '' && pools.length > 0 && unreadable === undefined;
  const refusedField = failure instanceof GraphQLFailure ? failure.field : undefined;
  const problemOf = (field: string): string | undefined => (refusedField?.startsWith(field) ? failure?.message : undefined);
  // A refusal naming a field this form does not show is said above the button.
  const besideField = refusedField !== undefined && FIELDS.some((f) => refusedField.startsWith(f));
  const change = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });

  const create = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    const lotId = form.lotId.trim().toUpperCase();
    const product = {
      name: form.name.trim(),
      expiry: form.expiry,
      ...(form.gtin.trim() ? { gtin: form.gtin.trim() } : {}),
      ...(form.cnProductCode.trim() ? { cnProductCode: form.cnProductCode.trim() } : {}),
    };
    try {
      const dins = pools.flatMap((p) => (p.ok ? [p.din + p.checkCharacter] : []));
      await client.request(CREATE_LOT, { lot: { lotId, product, pools: dins } });
      await untilIndexed(async () => (await client.request(LOT_STATUS, { lotId })).lot !== null);
      navigate(paths.lotRelease(lotId));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(messageOf(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" data-testid="create-lot" onSubmit={(e) => void create(e)}>
      <Field label="Lot number" id="lot-id" problem={problemOf('lot.lotId')} help="As GS1 AI (10) prints it: A-Z, 0-9 and -.">
        <input id="lot-id" value={form.lotId} onChange={change('lotId')} spellCheck={false} />
      </Field>
      <Field label="Product" id="lot-product" problem={problemOf('lot.product.name')}>
        <input id="lot-product" value={form.name} onChange={change('name')} placeholder="Human albumin 20 %" />
      </Field>
      <div className="field-row">
        <Field label="GTIN" id="lot-gtin" problem={problemOf('lot.product.gtin')}>
          <input id="lot-gtin" value={form.gtin} onChange={change('gtin')} inputMode="numeric" />
        </Field>
        <Field label="CN product code" id="lot-cn-code" problem={problemOf('lot.product.cnProductCode')}>
          <input id="lot-cn-code" value={form.cnProductCode} onChange={change('cnProductCode')} inputMode="numeric" />
        </Field>
        <Field label="Expiry" id="lot-expiry" problem={problemOf('lot.product.expiry')}>
          <input id="lot-expiry" type="date" value={form.expiry} onChange={change('expiry')} />
        </Field>
      </div>
      <Field
        label="Pools"
        id="lot-pools"
        problem={unreadable ?? problemOf('lot.pools')}
        help="Scan or type each pool's DIN, one a line; closed pools whose NAT passed."
      >
        <textarea id="lot-pools" value={form.pools} onChange={change('pools')} rows={3} spellCheck={false} />
      </Field>
      {failure && !besideField && (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !complete}>
        {busy ? 'Recording…' : 'Create lot'}
      </button>
    </form>
  );
}
