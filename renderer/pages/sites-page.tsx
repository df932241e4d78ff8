import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, Group, Kbd, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMapPins, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { SITE_SORTS } from '../../db/model';
import { navigate } from '../app/route';
import { onSearchFocusRequest } from '../app/shortcuts';
import { hasPickFilters, useSiteListState } from '../app/site-list-state';
import { ExportButton } from '../components/export/export-dialog';
import { SiteFilters } from '../components/site-filters';
import { ListPageHeader } from '../components/list-page-header';
import { SiteList, SiteListHeader } from '../components/site-list';
import { useSitePages } from '../lib/use-site-pages';
import { AssignBar } from '../components/sentra/assign-bar';

/** Usaha IKM: search, filter and sort the register, and open a site. */
export function SitesPage() {
  const { t } = useTranslation();
  const { filters, setFilters, activeIndex, setActiveIndex } = useSiteListState();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  // Results follow the typing, but one query per pause rather than one per key.
  const [text] = useDebouncedValue(filters.text, 150);
  const query = useMemo(() => ({ ...filters, text }), [filters, text]);
  const pages = useSitePages(query);
  const resetKey = JSON.stringify(query);
  const terms = useMemo(() => text.split(/\s+/).filter((w) => w.length > 1), [text]);

  useEffect(() => onSearchFocusRequest(() => searchRef.current?.select()), []);
  // Picking sites for a sentra (issue 18): a row's click or Enter ticks it instead of opening it.
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const togglePicked = (id: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height) - 2 * var(--mantine-spacing-md))">
      <ListPageHeader
        title={t('sites.title')}
        total={pages.total}
        capped={pages.capped}
        countKey="sites.count"
        countTestId="site-count"
        action={
          <Group gap="xs">
            <Button
              variant={picking ? 'filled' : 'default'}
              leftSection={<IconMapPins size={18} />}
              aria-pressed={picking}
              onClick={() => {
                setPicking((p) => !p);
                setPicked(new Set());
              }}
            >
              {picking ? t('sentra.assign.modeOff') : t('sentra.assign.mode')}
            </Button>
            <ExportButton what={{ source: 'sites', filter: query }} />
            <Button
              leftSection={<IconPlus size={18} />}
              rightSection={<Kbd size="xs">Ctrl+N</Kbd>}
              onClick={() => navigate({ page: 'site-new' })}
            >
              {t('sites.add')}
            </Button>
          </Group>
        }
      />

      <Group gap="xs" wrap="nowrap">
        <TextInput
          ref={searchRef}
          flex={1}
          type="search"
          aria-label={t('sites.search')}
          placeholder={t('sites.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">Ctrl+F</Kbd>}
          rightSectionWidth={64}
          value={filters.text}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setFilters((f) => ({ ...f, text: value }));
          }}
          onKeyDown={(e) => {
            // Straight from the search box into the results.
            if ((e.key === 'ArrowDown' || e.key === 'Enter') && pages.total) {
              e.preventDefault();
              listRef.current?.focus();
            }
          }}
        />
        <Select
          w={214}
          aria-label={t('sites.sort')}
          leftSection={<Text size="xs" c="dimmed" pl={6}>{t('sites.sortShort')}</Text>}
          leftSectionWidth={64}
          allowDeselect={false}
          data={SITE_SORTS.map((s) => ({ value: s, label: t(`sites.sorts.${s}`) }))}
          value={filters.sort}
          onChange={(v) => v && setFilters((f) => ({ ...f, sort: v as (typeof SITE_SORTS)[number] }))}
        />
        <SegmentedControl
          aria-label={t('sites.registerOrArchive')}
          value={filters.archived ? 'archived' : 'current'}
          onChange={(v) => setFilters((f) => ({ ...f, archived: v === 'archived' }))}
          data={[
            { value: 'current', label: t('sites.current') },
            { value: 'archived', label: t('sites.archive') },
          ]}
        />
      </Group>

      <SiteFilters filters={filters} onChange={setFilters} />

      {picking && (
        <>
          <Text size="xs" c="dimmed">
            {t('sentra.assign.hint')}
          </Text>
          <AssignBar siteIds={[...picked]} onClear={() => setPicked(new Set())} onDone={() => setPicked(new Set())} />
        </>
      )}

      {pages.error && (
        <Alert color="red" role="alert">
          {pages.error}
        </Alert>
      )}

      <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <SiteListHeader />
        {pages.total === 0 && !pages.stale ? (
          <EmptyList searching={text !== '' || hasPickFilters(filters)} archived={filters.archived} />
        ) : (
          <SiteList
            pages={pages}
            resetKey={resetKey}
            activeIndex={activeIndex}
            onActiveIndexChange={setActiveIndex}
            onOpen={(site) => (picking ? togglePicked(site.id) : navigate({ page: 'site', id: site.id }))}
            listRef={listRef}
            terms={terms}
            checkedIds={picking ? picked : undefined}
          />
        )}
      </Box>
    </Stack>
  );
}

function EmptyList({ searching, archived }: { searching: boolean; archived: boolean }) {
  const { t } = useTranslation();
  const message = archived ? t('sites.emptyArchive') : searching ? t('sites.noMatch') : t('sites.empty');
  return (
    <Box className="ikm-site-list" p="xl" style={{ flex: 1 }}>
      <Stack align="center" gap="sm" mt="xl">
        <Text c="dimmed">{message}</Text>
        {!archived && !searching && (
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => navigate({ page: 'site-new' })}>
            {t('sites.add')}
          </Button>
        )}
      </Stack>
    </Box>
  );
}
