import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './api';

/** How long the form waits after the last keystroke before it saves the draft. */
export const AUTOSAVE_MS = 600;

export type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'failed'; message: string };

export interface DraftAutosave {
  /** What the officer sees: idle, saving, saved at, or why it failed. */
  state: SaveState;
  /** Something changed: save it once typing pauses. */
  schedule(): void;
  /** Save now (Ctrl+S, Simpan draf). */
  saveNow(): Promise<void>;
  /** Save what is pending, if anything, and wait for every save in flight. */
  flush(): Promise<void>;
  /** Drop what is pending and wait for a save in flight, so nothing writes afterwards (a discard). */
  settle(): Promise<void>;
}

/**
 * Autosave of a draft: a dirty flag, a debounce timer and a chain, so saves never overlap or
 * reorder. `save` writes the current data and answers the time it was stored. Leaving the
 * screen, or the window, saves what is pending.
 */
export function useDraftAutosave(save: () => Promise<string>): DraftAutosave {
  const [state, setState] = useState<SaveState>({ state: 'idle' });
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const flush = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current) return chain.current;
    dirty.current = false;
    setState({ state: 'saving' });
    const write = saveRef.current;
    chain.current = chain.current.then(async () => {
      try {
        const at = await write();
        // Typing during the save makes it stale: "Tersimpan" only once nothing is pending.
        if (!dirty.current) setState({ state: 'saved', at });
      } catch (error) {
        dirty.current = true;
        setState({ state: 'failed', message: errorMessage(error) });
      }
    });
    return chain.current;
  }, []);

  useEffect(() => {
    const onUnload = () => void flush();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      void flush();
    };
  }, [flush]);

  const schedule = useCallback(() => {
    dirty.current = true;
    setState({ state: 'saving' });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
  }, [flush]);

  const saveNow = useCallback(() => {
    dirty.current = true;
    return flush();
  }, [flush]);

  const settle = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    await chain.current;
  }, []);

  return { state, schedule, saveNow, flush, settle };
}
