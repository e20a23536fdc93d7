// Facts about an object as label and value pairs, in a compact grid.
import type { ReactNode } from 'react';

export function Facts({ items }: { readonly items: ReadonlyArray<readonly [label: string, value: ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
