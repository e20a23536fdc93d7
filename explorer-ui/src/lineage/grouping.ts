// Collapses what is too many to draw: the thousands of bags of a pool, the vials of a lot. Members of one kind
// joined to the same object form a group node; expanding a group splits it by its next facet (a bag's station,
// then its month of collection), and at the last facet into runs of a few dozen, so that no step draws more
// than a screen holds.
import type { Lineage, LineageKind, LineageNode } from './lineage-model';

export interface GroupNode {
  readonly id: string;
  readonly kind: 'group';
  readonly memberKind: LineageKind;
  readonly label: string;
  readonly count: number;
}

export type VisibleNode = (LineageNode & { readonly group?: undefined }) | GroupNode;

export interface VisibleLineage {
  readonly nodes: readonly VisibleNode[];
  readonly edges: readonly { readonly id: string; readonly from: string; readonly to: string }[];
}

export interface GroupingOptions {
  /** Largest number of members drawn one by one. */
  readonly threshold: number;
  /** Ids of groups the person opened. */
  readonly expanded: ReadonlySet<string>;
  /** The facets a group of each kind is split by, in order. */
  readonly facets: Partial<Record<LineageKind, readonly string[]>>;
}

// Kinds that come in thousands, each with the kind of object it is grouped under.
const GROUPED_UNDER: Partial<Record<LineageKind, readonly LineageKind[]>> = {
  donation: ['pool', 'shipment'],
  vial: ['case', 'lot'],
};

const plural: Record<LineageKind, string> = {
  donation: 'donations',
  shipment: 'shipments',
  pool: 'pools',
  lot: 'lots',
  case: 'cases',
  vial: 'vials',
};

export function visibleLineage(lineage: Lineage, options: GroupingOptions): VisibleLineage {
  const byId = new Map(lineage.nodes.map((n) => [n.id, n]));
  // Each groupable member's anchor: the object it is joined to of the kind it is grouped under.
  const anchorOf = new Map<string, string>();
  for (const edge of lineage.edges) {
    for (const [member, other] of [
      [edge.from, edge.to],
      [edge.to, edge.from],
    ] as const) {
      const memberKind = byId.get(member)?.kind;
      const kinds = memberKind && GROUPED_UNDER[memberKind];
      const otherKind = byId.get(other)?.kind;
      if (!kinds || !otherKind || member === lineage.focus) continue;
      const current = anchorOf.get(member);
      const rank = (id: string | undefined) => (id === undefined ? Infinity : kinds.indexOf(byId.get(id)!.kind));
      if (kinds.includes(otherKind) && rank(other) < rank(current)) anchorOf.set(member, other);
    }
  }

  const members = new Map<string, LineageNode[]>();
  for (const [member, anchor] of anchorOf) {
    const key = `${anchor}\u0000${byId.get(member)!.kind}`;
    members.set(key, [...(members.get(key) ?? []), byId.get(member)!]);
  }

  const shownAs = new Map<string, string>();
  const groups: GroupNode[] = [];
  // A run (the last split) is a group however small, so that opening a large group shows runs, not members.
  const place = (list: readonly LineageNode[], id: string, label: string, facets: readonly string[], run = false, context = ''): void => {
    if (!run && list.length <= options.threshold) return;
    if (!options.expanded.has(id)) {
      groups.push({ id, kind: 'group', memberKind: list[0]!.kind, label, count: list.length });
      for (const node of list) shownAs.set(node.id, id);
      return;
    }
    if (run) return;
    const [facet, ...rest] = facets;
    if (facet !== undefined) {
      const buckets = new Map<string, LineageNode[]>();
      for (const node of list) {
        const value = node.facets?.[facet] ?? 'unknown';
        buckets.set(value, [...(buckets.get(value) ?? []), node]);
      }
      // A facet that does not divide the group is skipped rather than drawn as one more level.
      if (buckets.size === 1) {
        place(list, `${id}/${facet}`, label, rest, false, context);
        return;
      }
      for (const [value, bucket] of [...buckets].sort(([a], [b]) => a.localeCompare(b))) {
        // Each level names the levels above it: "StationAMSP · 2026-06".
        const named = context ? `${context} · ${value}` : value;
        place(bucket, `${id}/${facet}=${value}`, named, rest, false, named);
      }
      return;
    }
    const sorted = [...list].sort((a, b) => a.label.localeCompare(b.label));
    for (let start = 0; start < sorted.length; start += options.threshold) {
      const run = sorted.slice(start, start + options.threshold);
      place(run, `${id}/${start}`, `${run[0]!.label} … ${run.at(-1)!.label}`, [], true, context);
    }
  };
  for (const [key, list] of members) {
    const [anchor] = key.split('\u0000') as [string];
    const kind = list[0]!.kind;
    const facets = options.facets[kind] ?? [];
    // The closed group says what opening it will show, e.g. "from 2 stations".
    const first = facets[0];
    const spread = first === undefined ? 0 : new Set(list.map((n) => n.facets?.[first] ?? 'unknown')).size;
    place(list, `group:${anchor}:${kind}`, spread > 1 ? `from ${spread} ${first}s` : `all ${plural[kind]}`, facets);
  }

  const visibleId = (id: string): string => shownAs.get(id) ?? id;
  const edges = new Map<string, { id: string; from: string; to: string }>();
  for (const edge of lineage.edges) {
    const from = visibleId(edge.from);
    const to = visibleId(edge.to);
    if (from !== to) edges.set(`${from}->${to}`, { id: `${from}->${to}`, from, to });
  }
  return {
    nodes: [...lineage.nodes.filter((n) => !shownAs.has(n.id)), ...groups],
    edges: [...edges.values()],
  };
}
