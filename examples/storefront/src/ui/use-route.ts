import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from '../routing/routes';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The page the URL's hash names; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}
