import { useCallback, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, NumberInput, Paper, SegmentedControl, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { shortRegencyName, type Sentra, type SentraCandidate, type SentraCandidatesResult } from '../../db/model';
import { useReference } from '../app/reference';
import { hrefOf, navigate, type SentraTab } from '../app/route';
import { SiteMap } from '../components/map/site-map';
import type { ColourBy } from '../components/map/map-data';
import { AssignBar } from '../components/sentra/assign-bar';
import { SentraFormDialog } from '../components/sentra/sentra-form-dialog';
import { errorMessage, unwrap, useApiData } from '../lib/api';

/** Sentra and kawasan: the list per wilayah, the candidates the app suggests, and the map. */
export function SentraListPage({ tab }: { tab: SentraTab }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('sentra.title')}</Title>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
          {t('sentra.add')}
        </Button>
      </Group>
      <Tabs value={tab} onChange={(v) => v && navigate({ page: 'sentra-list', tab: v as SentraTab })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="daftar">{t('sentra.tabs.daftar')}</Tabs.Tab>
          <Tabs.Tab value="kandidat">{t('sentra.tabs.kandidat')}</Tabs.Tab>
          <Tabs.Tab value="peta">{t('sentra.tabs.peta')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="daftar" pt="sm">
          <SentraList />
        </Tabs.Panel>
        <Tabs.Panel value="kandidat" pt="sm">
          <Candidates />
        </Tabs.Panel>
        <Tabs.Panel value="peta" pt="sm">
          <MapTab />
        </Tabs.Panel>
      </Tabs>
      {creating && <SentraFormDialog sentra={null} opened onClose={() => setCreating(false)} onSaved={(s) => navigate({ page: 'sentra', id: s.id })} />}
    </Stack>
  );
}

/** The sentra grouped by wilayah, each group with its induk. */
function SentraList() {
  const { t } = useTranslation();
  const { wilayah, regencies } = useReference();
  const list = useApiData(() => window.ikm.sentra.list({}), 'sentra.list');
  const regencyName = (code: string | null) => regencies.find((r) => r.code === code)?.name ?? code ?? '—';
  if (list.error) return <Alert color="red">{list.error}</Alert>;
  const rows = list.data ?? [];
  const groups = [...wilayah.map((w) => ({ id: w.id as string | null, name: w.name, induk: w.indukRegencyCode })), { id: null, name: t('sentra.noWilayah'), induk: null }];
  if (list.data && !rows.length) return <Text c="dimmed">{t('sentra.empty')}</Text>;
  return (
    <Stack gap="md" data-testid="sentra-list">
      {groups.map((g) => {
        const inGroup = rows.filter((s) => s.wilayahId === g.id);
        if (!inGroup.length && g.id === null) return null;
        return (
          <Paper key={g.id ?? 'none'} withBorder p="sm" radius="md">
            <Group justify="space-between" mb={6}>
              <Group gap="xs">
                {g.id ? (
                  <Anchor href={hrefOf({ page: 'wilayah', id: g.id })} fw={600}>
                    {g.name}
                  </Anchor>
                ) : (
                  <Text fw={600}>{g.name}</Text>
                )}
                {g.induk && (
                  <Badge variant="light" color="grape">
                    {t('sentra.induk', { regency: regencyName(g.induk) })}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                {t('sentra.count', { count: inGroup.length })}
              </Text>
            </Group>
            {inGroup.length ? <SentraTable rows={inGroup} /> : <Text size="sm" c="dimmed">{t('sentra.emptyWilayah')}</Text>}
          </Paper>
        );
      })}
    </Stack>
  );
}

export function SentraTable({ rows }: { rows: Sentra[] }) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  return (
    <Table highlightOnHover verticalSpacing={6}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('sentra.fields.name')}</Table.Th>
          <Table.Th>{t('sentra.fields.kind')}</Table.Th>
          <Table.Th>{t('sentra.fields.regency')}</Table.Th>
          <Table.Th>{t('sentra.fields.kbli')}</Table.Th>
          <Table.Th>{t('sentra.fields.status')}</Table.Th>
          <Table.Th ta="right">{t('sentra.fields.sites')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td>
              <Anchor href={hrefOf({ page: 'sentra', id: s.id })}>{s.name}</Anchor>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={s.kind === 'kandidat' ? 'orange' : s.kind === 'kawasan_industri' ? 'indigo' : 'teal'}>
                {t(`sentra.kinds.${s.kind}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{s.regencyName}</Table.Td>
            <Table.Td>{s.kbliDivision ? `${s.kbliDivision} ${label(catalog.kbli, s.kbliDivision)}` : '—'}</Table.Td>
            <Table.Td>{t(`sentra.statuses.${s.status}`)}</Table.Td>
            <Table.Td ta="right">{s.siteCount}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Clusters the app suggests: the user sets the distance and the least number of sites. */
function Candidates() {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  const [distanceKm, setDistanceKm] = useState<number>(2);
  const [minSites, setMinSites] = useState<number>(5);
  const [result, setResult] = useState<SentraCandidatesResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const search = async () => {
    setBusy('search');
    setError(null);
    try {
      setResult(await unwrap(window.ikm.sentra.candidates({ distanceKm, minSites })));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const accept = async (c: SentraCandidate) => {
    setBusy(c.key);
    try {
      const name = t('sentra.candidates.defaultName', { kbli: label(catalog.kbli, c.kbliDivision), regency: c.regencyName });
      const made = await unwrap(window.ikm.sentra.fromCluster({ name, regencyCode: c.regencyCode, kbliDivision: c.kbliDivision as never, siteIds: c.siteIds }));
      navigate({ page: 'sentra', id: made.id });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
    }
  };
  const byWilayah = useMemo(() => {
    const groups = new Map<string, SentraCandidate[]>();
    for (const c of result?.candidates ?? []) {
      const key = c.wilayahName ?? t('sentra.noWilayah');
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    return [...groups];
  }, [result, t]);

  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" radius="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <Group align="flex-end">
            <NumberInput label={t('sentra.candidates.distance')} suffix=" km" min={0.05} max={50} step={0.5} decimalScale={2} value={distanceKm} onChange={(v) => setDistanceKm(Number(v) || 0)} w={180} />
            <NumberInput label={t('sentra.candidates.minSites')} min={2} max={500} value={minSites} onChange={(v) => setMinSites(Number(v) || 2)} w={180} />
            <Button type="submit" loading={busy === 'search'}>
              {t('sentra.candidates.search')}
            </Button>
            <Text size="sm" c="dimmed" maw={420}>
              {t('sentra.candidates.explain')}
            </Text>
          </Group>
        </form>
      </Paper>
      {error && <Alert color="red">{error}</Alert>}
      {result && (
        <Text size="sm" c="dimmed" data-testid="candidate-summary">
          {t('sentra.candidates.summary', { count: result.candidates.length, sites: result.sitesConsidered, ms: result.ms })}
        </Text>
      )}
      {byWilayah.map(([wilayahName, list]) => (
        <Paper key={wilayahName} withBorder p="sm" radius="md">
          <Text fw={600} mb={6}>
            {wilayahName}
          </Text>
          <Table verticalSpacing={6} data-testid="candidate-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sentra.fields.kbli')}</Table.Th>
                <Table.Th>{t('sentra.fields.regency')}</Table.Th>
                <Table.Th ta="right">{t('sentra.candidates.size')}</Table.Th>
                <Table.Th ta="right">{t('sentra.candidates.assigned')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <Table.Tr key={c.key} data-testid="candidate-row">
                  <Table.Td>
                    {c.kbliDivision} {label(catalog.kbli, c.kbliDivision)}
                  </Table.Td>
                  <Table.Td>{c.regencyName}</Table.Td>
                  <Table.Td ta="right">{c.siteIds.length}</Table.Td>
                  <Table.Td ta="right">{c.assigned}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="light" loading={busy === c.key} onClick={() => void accept(c)}>
                      {t('sentra.candidates.accept')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
    </Stack>
  );
}

/** Every live site with coordinates; shift-drag a box to assign the sites in it to a sentra. */
function MapTab() {
  const { t } = useTranslation();
  const { regencies } = useReference();
  const [version, setVersion] = useState(0);
  const sites = useApiData(() => window.ikm.sentra.mapSites({}), `sentra.mapSites:${version}`);
  const [colourBy, setColourBy] = useState<ColourBy>('status');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const regencyName = useCallback(
    (code: string) => {
      const name = regencies.find((r) => r.code === code)?.name;
      return name ? shortRegencyName(name) : code;
    },
    [regencies],
  );
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <SegmentedControl
          aria-label={t('sentra.map.colourBy')}
          value={colourBy}
          onChange={(v) => setColourBy(v as ColourBy)}
          data={[
            { value: 'status', label: t('sentra.map.byStatus') },
            { value: 'kbli', label: t('sentra.map.byKbli') },
          ]}
        />
        <Text size="sm" c="dimmed">
          {t('sentra.map.help')}
        </Text>
      </Group>
      <AssignBar
        siteIds={[...selected]}
        onClear={() => setSelected(new Set())}
        onDone={() => {
          setSelected(new Set());
          setVersion((v) => v + 1);
        }}
      />
      {sites.error && <Alert color="red">{sites.error}</Alert>}
      {sites.data && (
        <SiteMap
          sites={sites.data}
          colourBy={colourBy}
          regencyName={regencyName}
          height="calc(100dvh - 330px)"
          selected={selected}
          onOpenSite={(id) => navigate({ page: 'site', id })}
          onBoxSelect={(ids) => setSelected(new Set(ids))}
        />
      )}
    </Stack>
  );
}
