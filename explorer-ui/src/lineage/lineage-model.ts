// A lineage as the explorer draws it: objects (bags, pools, lots, vials and what carried them) and the edges
// from each input to what it went into, bag → pool → lot → vial.
export const LINEAGE_KINDS = ['donation', 'shipment', 'pool', 'lot', 'case', 'vial'] as const;
export type LineageKind = (typeof LINEAGE_KINDS)[number];

export interface LineageNode {
  readonly id: string;
  readonly kind: LineageKind;
  readonly label: string;
  readonly status?: string;
  /** What members of a large group are sorted into when it is expanded, e.g. { station, month } of a bag. */
  readonly facets?: Readonly<Record<string, string>>;
}

export interface LineageEdge {
  /** The input: a bag going into a pool has the bag here. */
  readonly from: string;
  readonly to: string;
}

export interface Lineage {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageEdge[];
  /** The object the lineage was asked for; never hidden in a group. */
  readonly focus: string;
}
