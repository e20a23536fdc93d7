// How one node of the lineage graph looks: an object with its kind, name and status, or a group with its count
// that opens on click.
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { VisibleNode } from './grouping';

export type LineageFlowNode = Node<{ readonly node: VisibleNode; readonly focus: boolean; readonly expanded: boolean }, 'lineage'>;

const KIND_NAMES: Readonly<Record<string, string>> = {
  donation: 'Donation',
  shipment: 'Shipment',
  pool: 'Pool',
  lot: 'Lot',
  case: 'Case',
  vial: 'Vial',
};

export function LineageNodeCard({ data }: NodeProps<LineageFlowNode>) {
  const { node, focus } = data;
  const kind = node.kind === 'group' ? node.memberKind : node.kind;
  return (
    <div
      className={`lineage-node kind-${kind} ${node.kind === 'group' ? 'group' : ''} ${focus ? 'focus' : ''}`}
      data-testid={`lineage-${node.kind}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="lineage-node-kind">
        {node.kind === 'group' ? `${node.count.toLocaleString('en')} × ${KIND_NAMES[kind]?.toLowerCase() ?? kind}` : KIND_NAMES[kind]}
      </div>
      <div className="lineage-node-label" title={node.label}>
        {node.label}
      </div>
      {node.kind === 'group' ? (
        <div className="lineage-node-hint">{data.expanded ? 'click to close' : 'click to open'}</div>
      ) : (
        node.status && <div className="lineage-node-status">{node.status}</div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
