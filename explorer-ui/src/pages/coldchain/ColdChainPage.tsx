// The cold chain: every freezer, reefer logger and process skid with the excursions of the last week; one device's
// temperature curve over a chosen window, with its storage limit and excursions marked; or a shipment's curve from
// its logger (/cold-chain?shipment=<id>). Readings are stored and anchored on the ledger by cold-chain/.
import { useMemo, useState } from 'react';
import { paths } from '../../app/object-paths';
import { TemperatureChart } from '../../charts/TemperatureChart';
import { COLD_CHAIN_DEVICES, DEVICE_CURVE, EXCURSIONS, SHIPMENT_CURVE, type ColdChainDevice } from '../../coldchain/cold-chain-operations';
import { ExcursionTable } from '../../coldchain/ExcursionTable';
import { useQuery } from '../../graphql/use-query';
import { Link, useRouter } from '../../router/router';
import { Facts } from '../../ui/Facts';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';

const RANGES = [
  ['1 h', 1],
  ['6 h', 6],
  ['24 h', 24],
  ['7 days', 168],
] as const;
/** Enough points for a smooth curve across the page, few enough to draw at once. */
const BUCKETS = 240;
const WEEK_MS = 7 * 86_400_000;

/** A window ending now, fixed when chosen (so the queries keep their variables until the person asks again). */
function useWindow(initialHours: number) {
  const [choice, setChoice] = useState({ hours: initialHours, at: Date.now() });
  const period = useMemo(
    () => ({ from: new Date(choice.at - choice.hours * 3_600_000).toISOString(), to: new Date(choice.at).toISOString() }),
    [choice],
  );
  return {
    period,
    hours: choice.hours,
    choose: (hours: number) => setChoice({ hours, at: Date.now() }),
  };
}

function RangePicker({ hours, choose }: { readonly hours: number; readonly choose: (hours: number) => void }) {
  return (
    <div className="range-picker" role="group" aria-label="Time window">
      {RANGES.map(([label, h]) => (
        <button key={h} type="button" aria-pressed={h === hours} onClick={() => choose(h)}>
          {label}
        </button>
      ))}
      <button type="button" onClick={() => choose(hours)}>
        Refresh
      </button>
    </div>
  );
}

function Devices() {
  const [since] = useState(() => new Date(Date.now() - WEEK_MS).toISOString());
  const query = useQuery(EXCURSIONS, { from: since, limit: 100 });
  const devices = query.data?.coldChainDevices;
  return (
    <>
      <Panel title="Devices">
        <QueryStatus query={query} what="the devices" />
        {devices &&
          (devices.length === 0 ? (
            <p className="muted">No device is registered.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="devices">
                <thead>
                  <tr>
                    <th>Device</th>
                    <th>Kind</th>
                    <th>Site</th>
                    <th>Location</th>
                    <th>Model, serial</th>
                    <th>Storage limit</th>
                  </tr>
                </thead>
                <tbody>
                  {devices.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link to={paths.coldChain(d.id)}>
                          <code>{d.id}</code>
                        </Link>
                      </td>
                      <td>{d.kind}</td>
                      <td>{d.site}</td>
                      <td>{d.location ?? '—'}</td>
                      <td>
                        {d.model ?? '—'}
                        <div className="muted">{d.serialNumber ?? ''}</div>
                      </td>
                      <td>{d.storageLimitC === null ? '—' : `≤ ${d.storageLimitC} °C`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </Panel>
      <Panel title="Excursions of the last 7 days">
        {query.data &&
          (query.data.coldChainExcursions.length === 0 ? (
            <p className="muted">No excursion in the last 7 days.</p>
          ) : (
            <ExcursionTable excursions={query.data.coldChainExcursions} devices={query.data.coldChainDevices} />
          ))}
      </Panel>
    </>
  );
}

function DeviceCurve({ device }: { readonly device: string }) {
  const { period, hours, choose } = useWindow(1);
  const devices = useQuery(COLD_CHAIN_DEVICES, {});
  const curve = useQuery(DEVICE_CURVE, { device, ...period, buckets: BUCKETS });
  const known: ColdChainDevice | undefined = devices.data?.coldChainDevices.find((d) => d.id === device);
  return (
    <>
      <Panel title="Device">
        <QueryStatus query={devices} what="the device" />
        {devices.data && !known && <p className="notice">No device {device} is registered.</p>}
        {known && (
          <Facts
            items={[
              ['Kind', known.kind],
              ['Site', known.site],
              ['Location', known.location ?? '—'],
              ['Model', known.model ?? '—'],
              ['Serial number', known.serialNumber ?? '—'],
              ['Storage limit', known.storageLimitC === null ? 'none' : `≤ ${known.storageLimitC} °C`],
            ]}
          />
        )}
      </Panel>
      <Panel title="Temperature" aside={<RangePicker hours={hours} choose={choose} />} className="wide">
        <QueryStatus query={curve} what="the readings" />
        {curve.data && (
          <>
            <TemperatureChart
              buckets={curve.data.coldChainReadings}
              from={period.from}
              to={period.to}
              limitC={known?.storageLimitC}
              excursions={curve.data.coldChainExcursions}
              label={`Temperature of ${device}`}
            />
            <h3>Excursions in this window</h3>
            {curve.data.coldChainExcursions.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ExcursionTable excursions={curve.data.coldChainExcursions} devices={devices.data?.coldChainDevices} />
            )}
          </>
        )}
      </Panel>
    </>
  );
}

function ShipmentCurve({ shipmentId }: { readonly shipmentId: string }) {
  const { period, hours, choose } = useWindow(24);
  const curve = useQuery(SHIPMENT_CURVE, { shipmentId, ...period, buckets: BUCKETS });
  return (
    <Panel title={`Shipment ${shipmentId}`} aside={<RangePicker hours={hours} choose={choose} />}>
      <QueryStatus query={curve} what="the shipment's readings" />
      {curve.data && (
        <TemperatureChart
          buckets={curve.data.coldChainReadings}
          from={period.from}
          to={period.to}
          label={`Temperature of shipment ${shipmentId}`}
        />
      )}
    </Panel>
  );
}

export function ColdChainPage({ device }: { readonly device?: string }) {
  const shipmentId = useRouter().location.query.get('shipment') ?? undefined;
  return (
    <Page
      kicker="Cold chain"
      title={device ?? (shipmentId ? `Shipment ${shipmentId}` : 'Freezers and shipments')}
      actions={
        device === undefined &&
        shipmentId !== undefined && (
          <Link className="button" to={paths.shipment(shipmentId)}>
            Shipment page
          </Link>
        )
      }
    >
      {device !== undefined && <DeviceCurve device={device} />}
      {device === undefined && shipmentId !== undefined && <ShipmentCurve shipmentId={shipmentId} />}
      {device === undefined && shipmentId === undefined && <Devices />}
    </Page>
  );
}
