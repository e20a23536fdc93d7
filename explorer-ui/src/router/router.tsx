// A small client-side router over the History API: the address names the page (/donations/G100126979701),
// links push it, and the gateway answers index.html for any such address so a reload lands on the same page.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

interface RouterValue {
  readonly location: Location;
  readonly navigate: (to: string, options?: { readonly replace?: boolean }) => void;
}

const RouterContext = createContext<RouterValue | undefined>(undefined);

const here = (): Location => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });

export function Router({ children }: { readonly children: ReactNode }) {
  const [location, setLocation] = useState(here);
  useEffect(() => {
    const follow = (): void => setLocation(here());
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);
  const navigate = useCallback((to: string, options: { readonly replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(here());
    // A link to a part of a page (/#alarms) shows that part once the page has drawn; any other starts at the top.
    const part = new URL(to, window.location.href).hash.slice(1);
    if (part === '') window.scrollTo(0, 0);
    else requestAnimationFrame(() => document.getElementById(decodeURIComponent(part))?.scrollIntoView());
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const router = useContext(RouterContext);
  if (router === undefined) throw new Error('useRouter is used outside the Router');
  return router;
}

/** Matches `/donations/:din` against a path; parameters come back decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split('/').filter(Boolean);
  const given = path.split('/').filter(Boolean);
  if (wanted.length !== given.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = given[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}

/** An address with each dynamic part encoded: `href('/donations', din)`. */
export const href = (base: string, ...parts: readonly (string | number)[]): string =>
  [base, ...parts.map((part) => encodeURIComponent(String(part)))].join('/');

export function Link({ to, children, ...rest }: { readonly to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { navigate } = useRouter();
  const follow = (event: MouseEvent<HTMLAnchorElement>): void => {
    // Modified clicks keep the browser's meaning (a new tab, a download).
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={follow} {...rest}>
      {children}
    </a>
  );
}
