/**
 * Asking the site list to focus its search box. Ctrl+F may be pressed on any screen: the list
 * may not be mounted yet, so the request waits in a flag until it is.
 */
let pending = false;
const EVENT = 'ikm:focus-search';

export function requestSearchFocus(): void {
  pending = true;
  window.dispatchEvent(new Event(EVENT));
}

/** Runs `focus` now if a request is waiting, and on every later request; returns the unsubscribe. */
export function onSearchFocusRequest(focus: () => void): () => void {
  const handle = () => {
    if (!pending) return;
    pending = false;
    focus();
  };
  handle();
  window.addEventListener(EVENT, handle);
  return () => window.removeEventListener(EVENT, handle);
}
