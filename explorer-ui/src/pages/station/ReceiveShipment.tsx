// Receiving a shipment at the factory: open it by its id, tick each bag of the manifest as it is scanned off the
// truck, enter the container's temperature on arrival and confirm the labels were checked. Bags not ticked are
// recorded by the ledger as missing.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { GraphQLFailure } from '../../graphql/graphql-failure';
import { useMutation } from '../../graphql/use-mutation';
import { readDin } from '../../identifiers/din-input';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Field } from '../../ui/Field';
import { Instant } from '../../ui/Instant';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { RECEIVE_SHIPMENT, SHIPMENT, type ShipmentRecord } from './shipment-operations';

function Manifest({ shipment, onReceived }: { readonly shipment: ShipmentRecord; readonly onReceived: () => void }) {
  const [received, setReceived] = useState<ReadonlySet<string>>(new Set());
  const [scan, setScan] = useState('');
  const [temperatureC, setTemperatureC] = useState('');
  const [labelsChecked, setLabelsChecked] = useState(false);
  const receive = useMutation(RECEIVE_SHIPMENT);
  const typed = scan.trim() === '' ? undefined : readDin(scan);
  const scanProblem =
    typed && !typed.ok
      ? typed.problem
      : typed?.ok && !shipment.dins.includes(typed.din)
        ? `${typed.din} is not on this shipment's manifest.`
        : undefined;
  const refused = receive.error instanceof GraphQLFailure ? receive.error : undefined;

  const tick = (event: SubmitEvent): void => {
    event.preventDefault();
    if (!typed?.ok || scanProblem) return;
    setReceived((set) => new Set(set).add(typed.din));
    setScan('');
  };
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const done = await receive.run({
      shipmentId: shipment.shipmentId,
      receipt: { receivedDins: [...received], temperatureC: Number(temperatureC), labelsChecked: true },
    });
    if (done) onReceived();
  };

  if (shipment.status !== 'dispatched') {
    return (
      <p className="notice">
        Shipment {shipment.shipmentId} is {shipment.status}
        {shipment.receipt && (
          <>
            {' '}
            (<Instant at={shipment.receipt.receivedAt} />, by {shipment.receipt.receivedBy})
          </>
        )}
        .
      </p>
    );
  }
  return (
    <>
      <p>
        <Link to={paths.shipment(shipment.shipmentId)}>{shipment.shipmentId}</Link> from {shipment.station}, dispatched{' '}
        <Instant at={shipment.dispatchedAt} /> at {shipment.temperatureC} °C: {shipment.count} bags.{' '}
        <StatusBadge status={shipment.status} />
        {shipment.loggerDevice && (
          <>
            {' '}
            <Link to={paths.shipmentColdChain(shipment.shipmentId)}>Temperature on the way</Link>
          </>
        )}
      </p>
      <form className="form" onSubmit={tick}>
        <Field label="Scan a bag" id="rcv-din" problem={scanProblem}>
          <input id="rcv-din" value={scan} onChange={(e) => setScan(e.target.value)} autoComplete="off" spellCheck={false} autoFocus />
        </Field>
      </form>
      <ul className="checks">
        {shipment.dins.map((din) => (
          <li key={din}>
            <label>
              <input
                type="checkbox"
                checked={received.has(din)}
                onChange={() =>
                  setReceived((set) => {
                    const next = new Set(set);
                    if (next.has(din)) next.delete(din);
                    else next.add(din);
                    return next;
                  })
                }
              />
              <code>{din}</code>
            </label>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field
          label="Container temperature on arrival (°C)"
          id="rcv-temp"
          problem={refused?.field?.endsWith('temperatureC') ? refused.message : undefined}
        >
          <input id="rcv-temp" inputMode="decimal" value={temperatureC} onChange={(e) => setTemperatureC(e.target.value)} />
        </Field>
        <label>
          <input type="checkbox" checked={labelsChecked} onChange={(e) => setLabelsChecked(e.target.checked)} style={{ width: 'auto' }} />{' '}
          Every label was checked against the manifest
        </label>
        {receive.error && (
          <p className="notice error" role="alert">
            {receive.error.message}
          </p>
        )}
        <button
          type="submit"
          className="primary"
          disabled={receive.running || !labelsChecked || temperatureC.trim() === '' || Number.isNaN(Number(temperatureC))}
        >
          Receive {received.size} of {shipment.count} bags
        </button>
      </form>
    </>
  );
}

export function ReceiveShipment() {
  const [typed, setTyped] = useState('');
  const [shipmentId, setShipmentId] = useState('');
  const query = useQuery(SHIPMENT, { shipmentId }, { skip: shipmentId === '' });
  const shipment = query.data?.shipment;
  return (
    <Panel title="Receive a shipment">
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setShipmentId(typed.trim());
        }}
      >
        <label>
          Shipment
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="G1001-SHP-…" spellCheck={false} />
        </label>
        <button type="submit" className="primary">
          Open manifest
        </button>
      </form>
      {shipmentId && <QueryStatus query={query} what="the shipment" />}
      {shipmentId && shipment === null && <p className="notice">No shipment {shipmentId} is recorded.</p>}
      {shipment && <Manifest key={shipment.shipmentId} shipment={shipment} onReceived={query.reload} />}
    </Panel>
  );
}
