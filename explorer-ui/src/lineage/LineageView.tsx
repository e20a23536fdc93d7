// The lineage graph on screen: laid out by ELK, drawn by React Flow, panned and zoomed at will. A click on an
// object opens its page; a click on a group opens it one level, a second click closes it again.
import { Background, Controls, MiniMap, ReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import { objectPage } from '../app/object-paths';
import { useRouter } from '../router/router';
import { visibleLineage, type GroupingOptions } from './grouping';
import { layOut, type Placed } from './layout';
import { LineageNodeCard, type LineageFlowNode } from './LineageNodeCard';
import type { Lineage } from './lineage-model';

const NODE_TYPES = { lineage: LineageNodeCard };
const THRESHOLD = 24;
const FACETS: GroupingOptions['facets'] = { donation: ['station', 'month'], vial: ['case'] };

export function LineageView({ lineage }: { readonly lineage: Lineage }) {
  const { navigate } = useRouter();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const visible = useMemo(() => visibleLineage(lineage, { threshold: THRESHOLD, expanded, facets: FACETS }), [lineage, expanded]);
  const [placed, setPlaced] = useState<{ for: typeof visible; at: Map<string, Placed> }>();

  useEffect(() => {
    let current = true;
    void layOut(visible).then((at) => current && setPlaced({ for: visible, at }));
    return () => {
      current = false;
    };
  }, [visible]);

  const nodes: LineageFlowNode[] = useMemo(
    () =>
      placed
        ? placed.for.nodes.map((node) => ({
            id: node.id,
            type: 'lineage',
            position: placed.at.get(node.id) ?? { x: 0, y: 0 },
            data: { node, focus: node.id === lineage.focus, expanded: expanded.has(node.id) },
            draggable: false,
          }))
        : [],
    [placed, lineage.focus, expanded],
  );
  const edges: Edge[] = useMemo(() => (placed ? placed.for.edges.map((e) => ({ id: e.id, source: e.from, target: e.to })) : []), [placed]);

  const open = (_: unknown, flowNode: LineageFlowNode): void => {
    const { node } = flowNode.data;
    if (node.kind === 'group') {
      setExpanded((set) => {
        const next = new Set(set);
        // Closing a group closes everything opened inside it.
        if (next.has(node.id)) [...next].filter((id) => id === node.id || id.startsWith(`${node.id}/`)).forEach((id) => next.delete(id));
        else next.add(node.id);
        return next;
      });
      return;
    }
    const to = objectPage(node.kind, node.id);
    if (to) navigate(to);
  };

  return (
    <div className="lineage-canvas" data-testid="lineage-graph">
      {placed && (
        <ReactFlow
          key={placed.for.nodes.length}
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={open}
          fitView
          fitViewOptions={{ maxZoom: 1.2, padding: 0.2 }}
          minZoom={0.05}
          nodesConnectable={false}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
          {nodes.length > 12 && <MiniMap pannable zoomable />}
        </ReactFlow>
      )}
    </div>
  );
}
