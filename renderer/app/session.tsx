import { createContext, use, useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Language, Setup } from '../../db/model';
import { applyLanguage } from '../i18n';
import { unwrap } from '../lib/api';

interface SessionValue {
  setup: Setup;
  language: Language;
  /** Switches the UI at once and stores the choice with the setup. */
  setLanguage: (language: Language) => Promise<void>;
  /** After the setup was saved again (Pengaturan). */
  replaceSetup: (setup: Setup) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is working and in which language; only exists once the first-run setup is done. */
export function SessionProvider({ initial, children }: { initial: Setup; children: ReactNode }) {
  const [setup, setSetup] = useState(initial);

  const setLanguage = useCallback(async (language: Language) => {
    applyLanguage(language);
    setSetup((s) => ({ ...s, language }));
    const saved = await unwrap(window.ikm.settings.setLanguage({ language }));
    setSetup(saved);
  }, []);

  const replaceSetup = useCallback((next: Setup) => {
    applyLanguage(next.language);
    setSetup(next);
  }, []);

  const value = useMemo(
    () => ({ setup, language: setup.language, setLanguage, replaceSetup }),
    [setup, setLanguage, replaceSetup],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
