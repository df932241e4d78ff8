import { useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ExportButton } from '../components/export/export-dialog';
import { FlashMessage } from '../components/flash-message';
import { ListPageHeader } from '../components/list-page-header';
import { openVisit } from '../components/visit-log/visit-badges';
import { hasVisitFilters, VisitFilters, type VisitLogFilters } from '../components/visit-log/visit-filters';
import { VisitList, VisitListHeader } from '../components/visit-log/visit-list';
import { rememberedLog, rememberLog, toVisitQuery } from '../components/visit-log/visit-log-state';
import { useVisitPages } from '../lib/use-visit-pages';


/** Kunjungan: the visit log of the whole team, filtered, counted and paged as it scrolls. */
export function VisitLogPage() {
  const { t } = useTranslation();
  const [filters, setFiltersState] = useState(() => rememberedLog().filters);
  const [activeIndex, setActiveIndexState] = useState(() => rememberedLog().activeIndex);
  const listRef = useRef<HTMLDivElement>(null);

  const setFilters = (update: (current: VisitLogFilters) => VisitLogFilters) => {
    const next = update(filters);
    rememberLog({ filters: next, activeIndex: 0 });
    setFiltersState(next);
    setActiveIndexState(0);
  };
  const setActiveIndex = (index: number) => {
    rememberLog({ filters, activeIndex: index });
    setActiveIndexState(index);
  };

  // The search and the officer name follow the typing, one query per pause.
  const [officer] = useDebouncedValue(filters.officer, 200);
  const [text] = useDebouncedValue(filters.text, 200);
  const query = useMemo(() => toVisitQuery(filters, officer, text), [filters, officer, text]);
  const pages = useVisitPages(query);
  const resetKey = JSON.stringify(query);

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height) - 2 * var(--mantine-spacing-md))">
      <ListPageHeader
        title={t('visitLog.title')}
        total={pages.total}
        countKey="visitLog.count"
        countTestId="visit-count"
        action={
          <Group gap="xs">
            <ExportButton what={{ source: 'visits', filter: query }} />
            <Button leftSection={<IconPlus size={18} />} component="a" href="#/kunjungan/baru">
              {t('visitLog.add')}
            </Button>
          </Group>
        }
      />

      <FlashMessage flashKey="visits" />
      <VisitFilters filters={filters} onChange={setFilters} />

      {pages.error && (
        <Alert color="red" role="alert">
          {pages.error}
        </Alert>
      )}

      <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <VisitListHeader />
        {pages.total === 0 && !pages.stale ? (
          <Box className="ikm-site-list" p="xl" style={{ flex: 1 }}>
            <Text c="dimmed" ta="center" mt="xl">
              {hasVisitFilters(filters) ? t('visitLog.noMatch') : t('visitLog.empty')}
            </Text>
          </Box>
        ) : (
          <VisitList
            pages={pages}
            resetKey={resetKey}
            activeIndex={activeIndex}
            onActiveIndexChange={setActiveIndex}
            onOpen={(visit) => openVisit(visit.id)}
            listRef={listRef}
          />
        )}
      </Box>
    </Stack>
  );
}
