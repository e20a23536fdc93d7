// Which page each address shows. Pages that do something are guarded by the role matrix; reading pages are
// open to every signed-in person, as the ledger's queries are.
import type { ReactNode } from 'react';
import { DevicesPage } from '../pages/account/DevicesPage';
import { AuditPage } from '../pages/audit/AuditPage';
import { BlockPage } from '../pages/block/BlockPage';
import { ColdChainPage } from '../pages/coldchain/ColdChainPage';
import { DonationPage } from '../pages/donation/DonationPage';
import { DonorsPage } from '../pages/donor/DonorsPage';
import { HomePage } from '../pages/home/HomePage';
import { LineagePage } from '../pages/lineage/LineagePage';
import { LookBackReportPage } from '../pages/lookback/LookBackReportPage';
import { LookBacksPage } from '../pages/lookback/LookBacksPage';
import { LotPage } from '../pages/lot/LotPage';
import { LotReleasePage } from '../pages/lot/LotReleasePage';
import { LotsPage } from '../pages/lot/LotsPage';
import { NetworkPage } from '../pages/network/NetworkPage';
import { PeoplePage } from '../pages/people/PeoplePage';
import { PoolPage } from '../pages/pool/PoolPage';
import { SearchPage } from '../pages/search/SearchPage';
import { MasterRecordsPage } from '../pages/master-records/MasterRecordsPage';
import { RulesPage } from '../pages/rules/RulesPage';
import { RecordDonationPage } from '../pages/station/RecordDonationPage';
import { CustodyPage } from '../pages/custody/CustodyPage';
import { ShipmentRecordPage } from '../pages/shipment/ShipmentRecordPage';
import { ShipmentPage } from '../pages/station/ShipmentPage';
import { TransactionPage } from '../pages/transaction/TransactionPage';
import { VialPage } from '../pages/vial/VialPage';
import { matchPath, useRouter } from '../router/router';
import { Page } from '../ui/Page';
import { Panel } from '../ui/Panel';
import { RequirePermission } from './RequirePermission';

type Params = Record<string, string>;

const ROUTES: ReadonlyArray<readonly [pattern: string, page: (p: Params) => ReactNode]> = [
  ['/', () => <HomePage />],
  ['/search', () => <SearchPage />],
  ['/donations/:din', (p) => <DonationPage key={p.din} din={p.din!} />],
  // Reading a donor's standing is open to every signed-in person; deferring is offered to those who may.
  ['/donors', () => <DonorsPage />],
  ['/donors/:pseudonym', (p) => <DonorsPage key={p.pseudonym} donorPseudonym={p.pseudonym} />],
  ['/pools/:din', (p) => <PoolPage key={p.din} din={p.din!} />],
  ['/lots', () => <LotsPage />],
  ['/lots/:lotId', (p) => <LotPage key={p.lotId} lotId={p.lotId!} />],
  ['/lots/:lotId/release', (p) => <LotReleasePage key={p.lotId} lotId={p.lotId!} />],
  // Read by the factory that defines them and the regulator's people; defining is offered to the factory's QA.
  ['/master-records', () => <MasterRecordsPage />],
  ['/master-records/:productCode', (p) => <MasterRecordsPage key={p.productCode} productCode={p.productCode} />],
  ['/vials/:code', (p) => <VialPage key={p.code} code={p.code!} />],
  ['/shipments/:shipmentId', (p) => <ShipmentRecordPage key={p.shipmentId} shipmentId={p.shipmentId!} />],
  ['/lineage/:kind/:id', (p) => <LineagePage key={`${p.kind}/${p.id}`} kind={p.kind!} id={p.id!} />],
  ['/blocks/:number', (p) => <BlockPage key={p.number} number={Number(p.number)} />],
  ['/transactions/:id', (p) => <TransactionPage key={p.id} id={p.id!} />],
  ['/network', () => <NetworkPage />],
  // Every member reads the rules; changing them is offered to the regulator on the page.
  ['/rules', () => <RulesPage />],
  // Every signed-in person's own keys.
  ['/devices', () => <DevicesPage />],
  // The gateway refuses everyone but the organisation's admin; the page is offered to the admin only.
  ['/people', () => <PeoplePage />],
  ['/audit', () => <AuditPage />],
  ['/look-backs', () => <LookBacksPage />],
  ['/look-backs/:caseId', (p) => <LookBackReportPage key={p.caseId} caseId={p.caseId!} />],
  ['/cold-chain', () => <ColdChainPage />],
  ['/cold-chain/:device', (p) => <ColdChainPage key={p.device} device={p.device} />],
  [
    '/station/donations/new',
    () => (
      <RequirePermission anyOf={['Donation:RecordDonation', 'Donation:RecordLateDonation']} title="Record a donation">
        <RecordDonationPage />
      </RequirePermission>
    ),
  ],
  [
    '/custody',
    () => (
      <RequirePermission anyOf={['Donation:QuarantineDonations', 'Donation:ReleaseDonations', 'Pool:CreatePool']} title="Plasma in custody">
        <CustodyPage />
      </RequirePermission>
    ),
  ],
  [
    '/station/shipments',
    () => (
      <RequirePermission anyOf={['Shipment:DispatchShipment', 'Shipment:ReceiveShipment']} title="Shipments">
        <ShipmentPage />
      </RequirePermission>
    ),
  ],
];

export function RouteView() {
  const { location } = useRouter();
  for (const [pattern, page] of ROUTES) {
    const params = matchPath(pattern, location.path);
    if (params) return <>{page(params)}</>;
  }
  return (
    <Page title="Not found">
      <Panel>
        <p>There is no page at {location.path}.</p>
      </Panel>
    </Page>
  );
}
