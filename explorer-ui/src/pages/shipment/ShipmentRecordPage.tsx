// One shipment of plasma bags from a station to the factory, for anyone to read: who sent it where, its manifest, the
// container's temperature at dispatch and on arrival, and, when a reefer data logger travelled with it, the way to
// the temperature curve of the journey. Verification against the ledger and the shipment's history below.
import { paths } from '../../app/object-paths';
import { ObjectHistory } from '../../audit/ObjectHistory';
import { useQuery } from '../../graphql/use-query';
import { Link } from '../../router/router';
import { Facts } from '../../ui/Facts';
import { Instant } from '../../ui/Instant';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { QueryStatus } from '../../ui/QueryStatus';
import { StatusBadge } from '../../ui/StatusBadge';
import { VerificationBadge } from '../../verification/VerificationBadge';
import { SHIPMENT } from '../station/shipment-operations';

export function ShipmentRecordPage({ shipmentId }: { readonly shipmentId: string }) {
  const query = useQuery(SHIPMENT, { shipmentId });
  const shipment = query.data?.shipment;
  return (
    <Page
      kicker="Shipment"
      title={shipmentId}
      actions={
        shipment && (
          <>
            <StatusBadge status={shipment.status} />
            {shipment.loggerDevice && (
              <Link className="button" to={paths.shipmentColdChain(shipmentId)}>
                Temperature curve
              </Link>
            )}
          </>
        )
      }
    >
      <QueryStatus query={query} what="the shipment" />
      {shipment === null && (
        <Panel>
          <p className="notice">No shipment {shipmentId} is recorded.</p>
        </Panel>
      )}
      {shipment && (
        <div className="grid">
          <Panel title="Shipment">
            <Facts
              items={[
                ['From', shipment.station],
                ['To', shipment.destination],
                ['Bags', `${shipment.count}, ${(shipment.volumeMl / 1000).toLocaleString('en', { maximumFractionDigits: 2 })} L`],
                [
                  'Dispatched',
                  <span key="d">
                    <Instant at={shipment.dispatchedAt} />, container at {shipment.temperatureC} °C
                  </span>,
                ],
                [
                  'Reefer logger',
                  shipment.loggerDevice ? (
                    <Link key="l" to={paths.coldChain(shipment.loggerDevice)}>
                      <code>{shipment.loggerDevice}</code>
                    </Link>
                  ) : (
                    'none: no temperatures travelled with it'
                  ),
                ],
                [
                  'Received',
                  shipment.receipt ? (
                    <span key="r">
                      <Instant at={shipment.receipt.receivedAt} /> by {shipment.receipt.receivedBy}: {shipment.receipt.count} bags,
                      container at {shipment.receipt.temperatureC} °C
                    </span>
                  ) : (
                    'not yet'
                  ),
                ],
              ]}
            />
            <VerificationBadge objectType="shipment" objectId={shipmentId} />
          </Panel>
          <Panel title={`Manifest (${shipment.dins.length})`}>
            <ul className="plain" data-testid="manifest">
              {shipment.dins.map((din) => (
                <li key={din}>
                  <Link to={paths.donation(din)}>
                    <code>{din}</code>
                  </Link>
                </li>
              ))}
            </ul>
          </Panel>
          <ObjectHistory objectType="shipment" objectId={shipmentId} />
        </div>
      )}
    </Page>
  );
}
