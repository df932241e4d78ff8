import { useEffect, useState } from 'react';
import { Alert, Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiError, Setup } from '../../db/model';
import { applyLanguage } from '../i18n';
import { ApiFailure, errorMessage, unwrap } from '../lib/api';
import { DamagedScreen } from '../components/backup/damaged-screen';
import { SetupPage } from '../pages/setup-page';
import { PrintPage } from '../print/print-page';
import { AppFrame } from './app-frame';
import { ReferenceProvider } from './reference';
import { SessionProvider } from './session';

type Boot =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'damaged'; error: ApiError }
  | { state: 'ready'; setup: Setup | null };

/** Reads the setup once: the first-run form until there is one, the register afterwards. */
export function App() {
  // A print route is a document alone, without setup checks or the app frame.
  const hash = window.location.hash;
  if (hash.startsWith('#/cetak/')) return <PrintPage hash={hash} />;
  return <AppWithFrame />;
}

function AppWithFrame() {
  const { t } = useTranslation();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });

  useEffect(() => {
    unwrap(window.ikm.setup.get()).then(
      (setup) => {
        // Switch language before the first frame renders, so English users never see a flash of Indonesian.
        if (setup) applyLanguage(setup.language);
        setBoot({ state: 'ready', setup });
      },
      (error: unknown) =>
        // The start-up check found the file damaged: offer the backups instead of a dead end.
        setBoot(error instanceof ApiFailure && error.error.code === 'DB_DAMAGED' ? { state: 'damaged', error: error.error } : { state: 'failed', message: errorMessage(error) }),
    );
  }, []);

  if (boot.state === 'damaged') return <DamagedScreen error={boot.error} />;
  if (boot.state === 'failed') {
    return (
      <Alert color="red" title={t('common.loadFailed')} m="xl">
        {boot.message}
      </Alert>
    );
  }
  if (boot.state === 'loading') {
    return (
      <Center h="100%">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (boot.setup === null) {
    return (
      <SetupPage
        onDone={(setup) => {
          applyLanguage(setup.language);
          setBoot({ state: 'ready', setup });
        }}
      />
    );
  }
  return (
    <SessionProvider initial={boot.setup}>
      <ReferenceProvider>
        <AppFrame />
      </ReferenceProvider>
    </SessionProvider>
  );
}
