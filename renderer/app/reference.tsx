import { createContext, use, useCallback, useMemo, type ReactNode } from 'react';
import { Center, Loader, Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Area, Catalog, CatalogEntry, Wilayah } from '../../db/model';
import { useApiData } from '../lib/api';
import { useSession } from './session';

interface ReferenceValue {
  catalog: Catalog;
  /** Kabupaten/kota of the office's province. */
  regencies: Area[];
  wilayah: Wilayah[];
  reloadWilayah: () => void;
  /** The label of a catalog entry in the current language. */
  label: (list: CatalogEntry[], code: string | null | undefined) => string;
}

const ReferenceContext = createContext<ReferenceValue | null>(null);

/** Pick lists every screen shares, loaded once after setup. */
export function ReferenceProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { setup, language } = useSession();
  const catalog = useApiData(() => window.ikm.ref.catalog(), 'catalog');
  const regencies = useApiData(() => window.ikm.ref.regencies({}), `regencies:${setup.provinceCode}`);
  const wilayah = useApiData(() => window.ikm.wilayah.list(), `wilayah:${setup.provinceCode}`);
  const reloadWilayah = wilayah.reload;

  const label = useCallback(
    (list: CatalogEntry[], code: string | null | undefined) => {
      if (!code) return '';
      const entry = list.find((e) => e.code === code);
      return entry ? entry[language] : code;
    },
    [language],
  );

  const value = useMemo(
    () =>
      catalog.data && regencies.data && wilayah.data
        ? { catalog: catalog.data, regencies: regencies.data, wilayah: wilayah.data, reloadWilayah, label }
        : null,
    [catalog.data, regencies.data, wilayah.data, reloadWilayah, label],
  );

  const error = catalog.error ?? regencies.error ?? wilayah.error;
  if (error) {
    return (
      <Alert color="red" title={t('common.loadFailed')} m="xl">
        {error}
      </Alert>
    );
  }
  if (!value) {
    return (
      <Center h="100%">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  return <ReferenceContext value={value}>{children}</ReferenceContext>;
}

export function useReference(): ReferenceValue {
  const value = use(ReferenceContext);
  if (!value) throw new Error('useReference outside ReferenceProvider');
  return value;
}
