// Calls a function every `ms` while the page shows and the tab is visible: for readings that can only be
// asked for, such as node health, which each request probes afresh.
import { useEffect, useRef } from 'react';

export function useInterval(callback: () => void, ms: number): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
}
