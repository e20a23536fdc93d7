// Lays a lineage out left to right with ELK's layered algorithm: inputs on the left, what they went into on the
// right, so bag → pool → lot → vial reads like a sentence, whatever the graph's size.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { VisibleLineage } from './grouping';

export interface Placed {
  readonly x: number;
  readonly y: number;
}

export const NODE_SIZE = { width: 210, height: 62 } as const;

const elk = new ELK();

export async function layOut(lineage: VisibleLineage): Promise<Map<string, Placed>> {
  const graph = await elk.layout({
    id: 'lineage',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '22',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
    },
    children: lineage.nodes.map((node) => ({ id: node.id, ...NODE_SIZE })),
    edges: lineage.edges.map((edge) => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
  });
  return new Map((graph.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
