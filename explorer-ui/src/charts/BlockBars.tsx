// Transactions per block as bars, oldest on the left: the network's recent load at a glance.
export function BlockBars({ blocks }: { readonly blocks: readonly { readonly number: number; readonly transactionCount: number }[] }) {
  const ordered = [...blocks].sort((a, b) => a.number - b.number);
  const most = Math.max(1, ...ordered.map((b) => b.transactionCount));
  const width = 600;
  const height = 120;
  const slot = width / Math.max(1, ordered.length);
  return (
    <svg className="block-bars" viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label="Transactions per block">
      {ordered.map((block, i) => {
        const h = Math.max(2, (block.transactionCount / most) * height);
        return (
          <g key={block.number}>
            <rect x={i * slot + 2} y={height - h} width={Math.max(1, slot - 4)} height={h} rx={2}>
              <title>{`Block #${block.number}: ${block.transactionCount} transactions`}</title>
            </rect>
            {(i === 0 || i === ordered.length - 1) && (
              <text x={i === 0 ? 0 : width} y={height + 14} textAnchor={i === 0 ? 'start' : 'end'}>
                #{block.number}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
