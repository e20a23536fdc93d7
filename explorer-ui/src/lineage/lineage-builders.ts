// Turns the gateway's lineage answers into the graph the explorer draws: bags (with their station and month of
// collection, by which large groups open), pools, lots and vials, each edge from an input to what it went into.
import type { Lineage, LineageEdge, LineageNode } from './lineage-model';
import type { Downstream, PoolSources, Upstream } from './lineage-operations';

class GraphBuilder {
  readonly #nodes = new Map<string, LineageNode>();
  readonly #edges = new Map<string, LineageEdge>();

  node(node: LineageNode): this {
    if (!this.#nodes.has(node.id)) this.#nodes.set(node.id, node);
    return this;
  }

  edge(from: string, to: string): this {
    this.#edges.set(`${from}->${to}`, { from, to });
    return this;
  }

  build(focus: string): Lineage {
    return { focus, nodes: [...this.#nodes.values()], edges: [...this.#edges.values()] };
  }
}

/** Bags → pool. */
function addPoolSources(graph: GraphBuilder, pool: PoolSources): void {
  graph.node({ id: pool.poolDin, kind: 'pool', label: pool.poolDin });
  for (const donation of pool.donations) {
    graph
      .node({
        id: donation.din,
        kind: 'donation',
        label: donation.din,
        status: donation.status,
        facets: { station: donation.station, month: donation.collectionEnd.slice(0, 7) },
      })
      .edge(donation.din, pool.poolDin);
  }
}

/** Bags → pools → lot, as every upstream answer has them. */
function addUpstream(graph: GraphBuilder, upstream: Upstream): void {
  graph.node({ id: upstream.lotId, kind: 'lot', label: upstream.lotId });
  for (const pool of upstream.pools) {
    addPoolSources(graph, pool);
    graph.edge(pool.poolDin, upstream.lotId);
  }
}

/** A vial back to every bag of its lot. */
export function vialLineage(code: string, upstream: Upstream): Lineage {
  const graph = new GraphBuilder();
  addUpstream(graph, upstream);
  return graph.node({ id: code, kind: 'vial', label: code }).edge(upstream.lotId, code).build(code);
}

/** A lot back to every bag, and forward to its vials. */
export function lotLineage(upstream: Upstream, unitCodes: readonly string[]): Lineage {
  const graph = new GraphBuilder();
  addUpstream(graph, upstream);
  for (const code of unitCodes) graph.node({ id: code, kind: 'vial', label: code }).edge(upstream.lotId, code);
  return graph.build(upstream.lotId);
}

/** A bag forward to its pool, the lots made from it and their vials. */
export function donationLineage(donation: { readonly din: string; readonly status: string }, downstream: Downstream): Lineage {
  const graph = new GraphBuilder().node({ id: donation.din, kind: 'donation', label: donation.din, status: donation.status });
  for (const pool of downstream.pools) graph.node({ id: pool, kind: 'pool', label: pool }).edge(donation.din, pool);
  for (const lot of downstream.lots) {
    graph.node({ id: lot.lotId, kind: 'lot', label: lot.lotId });
    // A lot may be made of other pools too; only this bag's pools are drawn.
    for (const pool of lot.poolDins.filter((p) => downstream.pools.includes(p))) graph.edge(pool, lot.lotId);
    for (const code of lot.unitCodes) graph.node({ id: code, kind: 'vial', label: code }).edge(lot.lotId, code);
  }
  return graph.build(donation.din);
}

/** A pool back to its bags, and forward to the lots made from it (from any of its bags' downstream) and their vials. */
export function poolLineage(pool: PoolSources, downstream: Downstream | undefined): Lineage {
  const graph = new GraphBuilder();
  addPoolSources(graph, pool);
  for (const lot of downstream?.lots.filter((l) => l.poolDins.includes(pool.poolDin)) ?? []) {
    graph.node({ id: lot.lotId, kind: 'lot', label: lot.lotId }).edge(pool.poolDin, lot.lotId);
    for (const code of lot.unitCodes) graph.node({ id: code, kind: 'vial', label: code }).edge(lot.lotId, code);
  }
  return graph.build(pool.poolDin);
}
