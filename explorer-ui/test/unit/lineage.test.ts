// The lineage graph's grouping and layout: thousands of bags collapse into a group per pool, a group opens by
// station, then by month, then into runs of a screenful; closing is the grouping without the opened ids. ELK
// places every visible node, inputs to the left of what they went into.
import { expect } from 'chai';
import { visibleLineage, type GroupingOptions } from '../../src/lineage/grouping';
import { layOut } from '../../src/lineage/layout';
import { donationLineage, poolLineage as drawnPool, vialLineage } from '../../src/lineage/lineage-builders';
import type { Lineage, LineageNode } from '../../src/lineage/lineage-model';

const FACETS: GroupingOptions['facets'] = { donation: ['station', 'month'], vial: ['case'] };

/** A pool of `count` bags from two stations over three months, made into one lot of 40 vials in two cases. */
function poolLineage(count: number): Lineage {
  const bags: LineageNode[] = Array.from({ length: count }, (_, i) => ({
    id: `D${i}`,
    kind: 'donation',
    label: `D${String(i).padStart(5, '0')}`,
    facets: { station: i % 2 === 0 ? 'StationAMSP' : 'StationBMSP', month: `2026-0${(i % 3) + 1}` },
  }));
  const vials: LineageNode[] = Array.from({ length: 40 }, (_, i) => ({
    id: `V${i}`,
    kind: 'vial',
    label: `V${i}`,
    facets: { case: `C${i % 2}` },
  }));
  return {
    focus: 'L1',
    nodes: [...bags, { id: 'P1', kind: 'pool', label: 'P1' }, { id: 'L1', kind: 'lot', label: 'L1' }, ...vials],
    edges: [...bags.map((b) => ({ from: b.id, to: 'P1' })), { from: 'P1', to: 'L1' }, ...vials.map((v) => ({ from: 'L1', to: v.id }))],
  };
}

const grouped = (lineage: Lineage, expanded: string[] = []) =>
  visibleLineage(lineage, { threshold: 24, expanded: new Set(expanded), facets: FACETS });

describe('explorer lineage graph', function () {
  it('collapses 6,000 bags of a pool into one group, and 40 vials into one group', function () {
    const visible = grouped(poolLineage(6000));
    const groups = visible.nodes.filter((n) => n.kind === 'group');
    expect(groups.map((g) => [g.id, g.count])).to.deep.equal([
      ['group:P1:donation', 6000],
      ['group:L1:vial', 40],
    ]);
    expect(visible.nodes).to.have.length(4);
    expect(visible.edges.map((e) => e.id)).to.have.members(['group:P1:donation->P1', 'P1->L1', 'L1->group:L1:vial']);
  });

  it('opens a group by station, then by month, then into runs of at most the threshold', function () {
    const lineage = poolLineage(6000);
    const byStation = grouped(lineage, ['group:P1:donation']).nodes.filter((n) => n.kind === 'group' && n.memberKind === 'donation');
    expect(byStation.map((g) => g.label)).to.deep.equal(['StationAMSP', 'StationBMSP']);

    const stationA = 'group:P1:donation/station=StationAMSP';
    const byMonth = grouped(lineage, ['group:P1:donation', stationA]).nodes.filter((n) => n.kind === 'group' && n.id.startsWith(stationA));
    expect(byMonth).to.have.length(3);

    const month = `${stationA}/month=2026-01`;
    const runs = grouped(lineage, ['group:P1:donation', stationA, month]).nodes.filter(
      (n) => n.kind === 'group' && n.id.startsWith(`${month}/`),
    );
    expect(runs).to.have.length(Math.ceil(1000 / 24));
    expect(runs.every((r) => r.kind === 'group' && r.count <= 24)).to.equal(true);
  });

  it('draws small groups one by one and never hides the object asked for', function () {
    const visible = grouped({ ...poolLineage(10), focus: 'D3' });
    expect(visible.nodes.filter((n) => n.kind === 'donation')).to.have.length(10);
    expect(visible.nodes.some((n) => n.id === 'D3')).to.equal(true);
  });

  it('lays the graph out left to right: bags, then the pool, the lot and the vials', async function () {
    const visible = grouped(poolLineage(6000));
    const at = await layOut(visible);
    const x = (id: string) => at.get(id)!.x;
    expect(x('group:P1:donation')).to.be.lessThan(x('P1'));
    expect(x('P1')).to.be.lessThan(x('L1'));
    expect(x('L1')).to.be.lessThan(x('group:L1:vial'));
  });

  it("builds a vial's lineage from the gateway's upstream answer, bags faceted by station and month", function () {
    const lineage = vialLineage('(01)06912345678902(21)V1', {
      lotId: 'L1',
      donationCount: 2,
      pools: [
        {
          poolDin: 'G200126900001',
          donationCount: 2,
          donations: [
            { din: 'G100126000001', station: 'StationAMSP', status: 'pooled', collectionEnd: '2026-06-03T09:45:00.000Z', volumeMl: 600 },
            { din: 'G100226000002', station: 'StationBMSP', status: 'pooled', collectionEnd: '2026-07-03T09:45:00.000Z', volumeMl: 600 },
          ],
        },
      ],
    });
    expect(lineage.focus).to.equal('(01)06912345678902(21)V1');
    expect(lineage.nodes.find((n) => n.id === 'G100226000002')?.facets).to.deep.equal({ station: 'StationBMSP', month: '2026-07' });
    expect(lineage.edges).to.deep.include.members([
      { from: 'G100126000001', to: 'G200126900001' },
      { from: 'G200126900001', to: 'L1' },
      { from: 'L1', to: '(01)06912345678902(21)V1' },
    ]);
  });

  it("draws only the bag's own pools into a lot made of several", function () {
    const lineage = donationLineage(
      { din: 'D1', status: 'pooled' },
      {
        donations: ['D1'],
        pools: ['P1'],
        lots: [{ lotId: 'L1', poolDins: ['P1', 'P2'], unitCodes: ['V1'] }],
        unitCount: 1,
      },
    );
    expect(lineage.nodes.map((n) => n.id)).to.have.members(['D1', 'P1', 'L1', 'V1']);
    expect(lineage.edges.every((e) => e.from !== 'P2')).to.equal(true);
  });

  it('draws a pool back to its bags and on to the lots made from it only, with their vials', function () {
    const bag = (din: string, station: string) => ({
      din,
      station,
      status: 'pooled',
      collectionEnd: '2026-06-01T08:00:00Z',
      volumeMl: 600,
    });
    const lineage = drawnPool(
      { poolDin: 'P1', donationCount: 3, donations: [bag('D1', 'StationAMSP'), bag('D2', 'StationBMSP')] },
      {
        donations: ['D1'],
        pools: ['P1'],
        lots: [
          { lotId: 'L1', poolDins: ['P1', 'P2'], unitCodes: ['V1', 'V2'] },
          { lotId: 'L9', poolDins: ['P9'], unitCodes: ['V9'] },
        ],
        unitCount: 3,
      },
    );
    expect(lineage.focus).to.equal('P1');
    expect(lineage.nodes.map((n) => n.id)).to.have.members(['D1', 'D2', 'P1', 'L1', 'V1', 'V2']);
    expect(lineage.edges).to.deep.include.members([
      { from: 'D2', to: 'P1' },
      { from: 'P1', to: 'L1' },
      { from: 'L1', to: 'V2' },
    ]);
    expect(lineage.nodes.find((n) => n.id === 'D2')?.facets).to.deep.equal({ station: 'StationBMSP', month: '2026-06' });
  });

  it('draws a pool no lot was made from yet, when no bag of it is read', function () {
    const lineage = drawnPool({ poolDin: 'P1', donationCount: 2, donations: [] }, undefined);
    expect(lineage.nodes.map((n) => n.id)).to.deep.equal(['P1']);
    expect(lineage.edges).to.deep.equal([]);
  });
});
