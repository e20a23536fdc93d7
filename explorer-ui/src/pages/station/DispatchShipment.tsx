// Building and dispatching a shipment at the station: scan the bags one by one, each checked as it is scanned (a
// valid DIN, recorded, of this station, not yet in the list), then dispatch them to a factory with the
// container's temperature and the reefer logger travelling with them, if one does. The ledger decides the rest
// (stored bags only, temperature at or below the limit, a logger registered to this station).
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { COLD_CHAIN_DEVICES } from '../../coldchain/cold-chain-operations';
import { useGraphQL } from '../../graphql/graphql-context';
import { GraphQLFailure, messageOf } from '../../graphql/graphql-failure';
import { useMutation } from '../../graphql/use-mutation';
import { useQuery } from '../../graphql/use-query';
import { readDin } from '../../identifiers/din-input';
import { untilIndexed } from '../../ledger/until-indexed';
import { Link } from '../../router/router';
import { useSession } from '../../session/session';
import { Din } from '../../ui/Din';
import { Field } from '../../ui/Field';
import { Panel } from '../../ui/Panel';
import { StatusBadge } from '../../ui/StatusBadge';
import { DONATION_SUMMARY, type DonationSummary } from '../donation/donation-operations';
import { DISPATCH_SHIPMENT, SHIPMENT_INDEXED } from './shipment-operations';

// A shipment id starts with the FIN of one of the station's facilities, so no other member can take it first.
const newShipmentId = (facility: string | undefined): string =>
  `${facility ?? ''}-SHP-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;

export function DispatchShipment() {
  const { person } = useSession();
  const { client } = useGraphQL();
  const [scan, setScan] = useState('');
  const [bags, setBags] = useState<DonationSummary[]>([]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({
    shipmentId: newShipmentId(person.organisation.facilities[0]),
    destination: '',
    temperatureC: '',
    loggerDevice: '',
  });
  // The station's reefer data loggers, one of which may travel with the bags and record their temperature on the way.
  const devices = useQuery(COLD_CHAIN_DEVICES, {});
  const loggers = devices.data?.coldChainDevices.filter((d) => d.kind === 'reefer' && d.site === person.organisation.mspId) ?? [];
  const dispatch = useMutation(DISPATCH_SHIPMENT);
  const [indexed, setIndexed] = useState<string>();
  const refused = dispatch.error instanceof GraphQLFailure ? dispatch.error : undefined;
  const refusedAt = (field: string): string | undefined => (refused?.field?.endsWith(field) ? refused.message : undefined);

  const typed = scan.trim() === '' ? undefined : readDin(scan);
  const shownProblem = problem ?? (typed && !typed.ok ? typed.problem : undefined);
  const temperature = Number(form.temperatureC);
  const temperatureProblem = form.temperatureC.trim() !== '' && Number.isNaN(temperature) ? 'A temperature in °C, e.g. -28.' : undefined;

  const add = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!typed?.ok) return;
    if (bags.some((b) => b.din === typed.din)) {
      setProblem(`${typed.din} is already in this shipment.`);
      return;
    }
    setBusy(true);
    try {
      const { donation } = await client.request(DONATION_SUMMARY, { din: typed.din });
      if (!donation) setProblem(`No donation ${typed.din} is recorded.`);
      else if (donation.station !== person.organisation.mspId)
        setProblem(`${typed.din} was collected by ${donation.station}, not by this station.`);
      else {
        setBags((list) => [...list, donation]);
        setScan('');
        setProblem(undefined);
      }
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const send = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const result = await dispatch.run({
      shipment: {
        shipmentId: form.shipmentId.trim(),
        destination: form.destination.trim(),
        dins: bags.map((b) => b.din),
        temperatureC: temperature,
        ...(form.loggerDevice === '' ? {} : { loggerDevice: form.loggerDevice }),
      },
    });
    if (result) {
      setBags([]);
      setForm((f) => ({ ...f, shipmentId: newShipmentId(person.organisation.facilities[0]) }));
      // Its page reads the projection: linked once the indexer has written the shipment there.
      const { shipmentId } = result.dispatchShipment;
      await untilIndexed(async () => (await client.request(SHIPMENT_INDEXED, { shipmentId })).shipment !== null);
      setIndexed(shipmentId);
    }
  };

  const volume = bags.reduce((sum, b) => sum + b.volumeMl, 0);
  return (
    <div className="grid">
      <Panel title="Scan bags">
        <form className="form" onSubmit={(e) => void add(e)}>
          <Field label="DIN" id="ship-din" problem={shownProblem} help="Scan each bag; Enter adds it.">
            <input
              id="ship-din"
              value={scan}
              onChange={(e) => {
                setScan(e.target.value);
                setProblem(undefined);
              }}
              autoFocus
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
          <button type="submit" disabled={busy || !typed?.ok}>
            Add bag
          </button>
        </form>
        {bags.length > 0 && (
          <ul className="plain" data-testid="shipment-bags">
            {bags.map((bag) => (
              <li key={bag.din}>
                <Link to={paths.donation(bag.din)}>
                  <Din din={bag.din} checkCharacter={bag.checkCharacter} />
                </Link>{' '}
                <StatusBadge status={bag.status} /> {bag.volumeMl} mL
                <button type="button" className="quiet" onClick={() => setBags((list) => list.filter((b) => b.din !== bag.din))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel
        title={`Dispatch: ${bags.length} bag${bags.length === 1 ? '' : 's'}, ${(volume / 1000).toLocaleString('en', { maximumFractionDigits: 2 })} L`}
      >
        <form className="form" onSubmit={(e) => void send(e)}>
          <Field label="Shipment" id="ship-id" problem={refusedAt('shipmentId')}>
            <input
              id="ship-id"
              value={form.shipmentId}
              onChange={(e) => setForm({ ...form, shipmentId: e.target.value })}
              spellCheck={false}
            />
          </Field>
          <Field
            label="To the factory (MSP ID)"
            id="ship-to"
            problem={refusedAt('destination')}
            help="The receiving factory's MSP ID, e.g. FactoryMSP."
          >
            <input
              id="ship-to"
              value={form.destination}
              onChange={(e) => setForm({ ...form, destination: e.target.value })}
              spellCheck={false}
            />
          </Field>
          <Field label="Container temperature at dispatch (°C)" id="ship-temp" problem={temperatureProblem ?? refusedAt('temperatureC')}>
            <input
              id="ship-temp"
              inputMode="decimal"
              value={form.temperatureC}
              onChange={(e) => setForm({ ...form, temperatureC: e.target.value })}
            />
          </Field>
          {loggers.length > 0 && (
            <Field
              label="Reefer data logger"
              id="ship-logger"
              problem={refusedAt('loggerDevice')}
              help="The logger that travels with the bags, if one does: its readings become the shipment's temperature curve."
            >
              <select id="ship-logger" value={form.loggerDevice} onChange={(e) => setForm({ ...form, loggerDevice: e.target.value })}>
                <option value="">none</option>
                {loggers.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.id}
                    {d.model ? ` (${d.model})` : ''}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {dispatch.error &&
            !refusedAt('shipmentId') &&
            !refusedAt('destination') &&
            !refusedAt('temperatureC') &&
            !refusedAt('loggerDevice') && (
              <p className="notice error" role="alert">
                {dispatch.error.message}
              </p>
            )}
          {dispatch.data && (
            <p className="notice" role="status" data-testid="dispatched">
              Dispatched{' '}
              {indexed === dispatch.data.dispatchShipment.shipmentId ? (
                <Link to={paths.shipment(indexed)}>{indexed}</Link>
              ) : (
                dispatch.data.dispatchShipment.shipmentId
              )}
              : {dispatch.data.dispatchShipment.count} bags to {dispatch.data.dispatchShipment.destination}.
            </p>
          )}
          <button
            type="submit"
            className="primary"
            disabled={
              dispatch.running ||
              bags.length === 0 ||
              form.destination.trim() === '' ||
              form.temperatureC.trim() === '' ||
              temperatureProblem !== undefined
            }
          >
            {dispatch.running ? 'Dispatching…' : 'Dispatch shipment'}
          </button>
        </form>
      </Panel>
    </div>
  );
}
