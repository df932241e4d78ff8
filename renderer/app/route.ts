import { useSyncExternalStore } from 'react';

/** Every screen of the app. The hash keeps Back/Forward (Alt+←/→) working without a router library. */
export type Route =
  | { page: 'home' }
  | { page: 'sites' }
  | { page: 'site-new' }
  | { page: 'site'; id: string }
  | { page: 'site-edit'; id: string }
  | { page: 'settings' }
  /** Sinkronisasi; `conflictId` scrolls to and marks one open conflict. */
  | { page: 'sync'; conflictId?: string }
  | { page: 'visits' }
  | { page: 'visit-new'; siteId: string | null }
  | { page: 'visit-form'; id: string }
  | { page: 'export' }
  /** Tindak lanjut; `overdue` and `regencyCode` pre-set its filters (links from the Beranda). */
  | { page: 'follow-ups'; overdue?: boolean; regencyCode?: string }
  /** Pabrik tidak beroperasi. */
  | { page: 'stopped' }
  /** Naik kelas: sites ready for a next certificate. */
  | { page: 'naik-kelas' }
  /** Sentra and kawasan (issue 18): the list, the suggested candidates, or the map. */
  | { page: 'sentra-list'; tab?: SentraTab }
  | { page: 'sentra'; id: string }
  /** A wilayah pengembangan: its induk and its sentra. */
  | { page: 'wilayah'; id: string }
  | { page: 'soon'; feature: SoonFeature };

export const SENTRA_TABS = ['daftar', 'kandidat', 'peta'] as const;
export type SentraTab = (typeof SENTRA_TABS)[number];

/** Features planned but not built yet (none at the moment: Sentra was the last). */
export const SOON_FEATURES = [] as const;
export type SoonFeature = (typeof SOON_FEATURES)[number];

const SOON_PATHS: Record<SoonFeature, string> = {};

/** The hash of a route, e.g. "#/usaha/0190…/ubah". */
export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'sites':
      return '#/usaha';
    case 'site-new':
      return '#/usaha/baru';
    case 'site':
      return `#/usaha/${encodeURIComponent(route.id)}`;
    case 'site-edit':
      return `#/usaha/${encodeURIComponent(route.id)}/ubah`;
    case 'settings':
      return '#/pengaturan';
    case 'sync':
      return route.conflictId ? `#/pengaturan/sinkronisasi/konflik/${encodeURIComponent(route.conflictId)}` : '#/pengaturan/sinkronisasi';
    case 'visits':
      return '#/kunjungan';
    case 'visit-new':
      return route.siteId ? `#/kunjungan/baru/${encodeURIComponent(route.siteId)}` : '#/kunjungan/baru';
    case 'visit-form':
      return `#/kunjungan/${encodeURIComponent(route.id)}`;
    case 'export':
      return '#/ekspor';
    case 'follow-ups': {
      const path = route.overdue ? '#/tindak-lanjut/terlambat' : '#/tindak-lanjut';
      return route.regencyCode ? `${path}/${encodeURIComponent(route.regencyCode)}` : path;
    }
    case 'stopped':
      return '#/pabrik-berhenti';
    case 'naik-kelas':
      return '#/naik-kelas';
    case 'sentra-list':
      return route.tab && route.tab !== 'daftar' ? `#/sentra/${route.tab}` : '#/sentra';
    case 'sentra':
      return `#/sentra/${encodeURIComponent(route.id)}`;
    case 'wilayah':
      return `#/wilayah/${encodeURIComponent(route.id)}`;
    case 'soon':
      return `#/${SOON_PATHS[route.feature]}`;
  }
}

/** Parses a hash; anything unknown lands on the home page. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (!first) return { page: 'home' };
  if (first === 'usaha') {
    if (!second) return { page: 'sites' };
    if (second === 'baru') return { page: 'site-new' };
    if (third === 'ubah') return { page: 'site-edit', id: second };
    return { page: 'site', id: second };
  }
  if (first === 'kunjungan' && second) {
    // '#/kunjungan/baru/<siteId>' or '#/kunjungan/baru?site=<siteId>'; anything else is a visit id.
    if (second === 'baru' || second.startsWith('baru?')) {
      const query = new URLSearchParams(second.slice(5));
      return { page: 'visit-new', siteId: third ?? query.get('site') };
    }
    return { page: 'visit-form', id: second };
  }
  if (first === 'pengaturan') {
    if (second !== 'sinkronisasi') return { page: 'settings' };
    return third === 'konflik' && fourth ? { page: 'sync', conflictId: fourth } : { page: 'sync' };
  }
  if (first === 'sinkronisasi') return { page: 'sync' };
  if (first === 'ekspor') return { page: 'export' };
  if (first === 'tindak-lanjut') {
    // '#/tindak-lanjut[/terlambat][/<regency code>]'
    const overdue = second === 'terlambat';
    const regencyCode = overdue ? third : second;
    return { page: 'follow-ups', ...(overdue ? { overdue } : {}), ...(regencyCode ? { regencyCode } : {}) };
  }
  if (first === 'pabrik-berhenti') return { page: 'stopped' };
  if (first === 'naik-kelas') return { page: 'naik-kelas' };
  if (first === 'sentra') {
    if (!second) return { page: 'sentra-list' };
    if ((SENTRA_TABS as readonly string[]).includes(second)) return { page: 'sentra-list', tab: second as SentraTab };
    return { page: 'sentra', id: second };
  }
  if (first === 'wilayah' && second) return { page: 'wilayah', id: second };
  if (first === 'kunjungan' && !second) return { page: 'visits' };
  const soon = (SOON_FEATURES as readonly SoonFeature[]).find((f) => SOON_PATHS[f] === first);
  if (soon) return { page: 'soon', feature: soon };
  return { page: 'home' };
}

/**
 * A screen with unsaved work may hold the officer back: while a guard says it is dirty, a change
 * of hash (a link, Back, navigate()) is undone before any screen sees it, and the guard is asked
 * to confirm; `leave` then goes on to where the officer was heading.
 */
export interface LeaveGuard {
  isDirty(): boolean;
  ask(leave: () => void): void;
}

// Every form on screen with typed work may hold the officer back (a screen may have several:
// Pengaturan's kop surat and wilayah). The first dirty one asks; its answer lets the change through.
const leaveGuards = new Set<LeaveGuard>();
let letThrough: string | null = null;

/** Installs a form's guard; returns its removal. */
export function addLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuards.add(guard);
  return () => leaveGuards.delete(guard);
}

// The hash the screens show: only a change the guard let through is accepted. `previousHash` is
// the screen before the current one, so an action that ends a screen (discarding a draft) can
// return where the officer came from. A replaced entry counts too: visit-new → visit form.
let acceptedHash = typeof window !== 'undefined' ? window.location.hash : '';
let previousHash: string | null = null;
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    const next = window.location.hash;
    if (next === acceptedHash) return;
    const guard = next === letThrough ? undefined : [...leaveGuards].find((g) => g.isDirty());
    letThrough = null;
    if (guard) {
      // Put the address back without a second hashchange; the screen stays as it is.
      history.replaceState(history.state, '', acceptedHash || '#/');
      guard.ask(() => {
        letThrough = next;
        window.location.hash = next;
      });
      return;
    }
    previousHash = acceptedHash;
    acceptedHash = next;
  });
}

/** The route shown before the current one, or null when the app opened here. */
export function previousRoute(): Route | null {
  return previousHash === null ? null : parseHash(previousHash);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => acceptedHash;

/** The current route, re-rendering on every accepted hash change. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  return parseHash(hash);
}

/** Goes to a route; `replace` keeps the current entry out of the history (after a save). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefOf(route);
  if (options.replace) window.location.replace(href);
  else window.location.hash = href;
}
