import { useCallback, useState } from 'react';
import { shortRegencyName } from '../../db/model';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';
import { hrefOf, navigate } from '../app/route';
import { SiteMap } from '../components/map/site-map';
import { SentraFormDialog } from '../components/sentra/sentra-form-dialog';
import { StatusBadge } from '../components/status-badge';
import { useApiData } from '../lib/api';
import { formatRupiah } from '../lib/format';

/** One sentra: what it is, its sites with their workforce, production, certificates and last visits, and its place on the map. */
export function SentraPage({ sentraId }: { sentraId: string }) {
  const { t, i18n } = useTranslation();
  const { regencies } = useReference();
  const [version, setVersion] = useState(0);
  const detail = useApiData(() => window.ikm.sentra.get({ id: sentraId }), `sentra.get:${sentraId}:${version}`);
  const mapSites = useApiData(() => window.ikm.sentra.mapSites({ sentraId }), `sentra.mapSites:${sentraId}:${version}`);
  const [editing, setEditing] = useState(false);
  const regencyName = useCallback(
    (code: string) => {
      const name = regencies.find((r) => r.code === code)?.name;
      return name ? shortRegencyName(name) : code;
    },
    [regencies],
  );
  const number = (n: number | null) => (n === null ? '—' : n.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'id-ID'));

  if (detail.error) return <Alert color="red">{detail.error}</Alert>;
  if (!detail.data) return <Loader aria-label={t('common.loading')} />;
  const { sentra, sites, totals } = detail.data;
  const certificates = Object.entries(totals.certificates).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Stack gap="sm" data-testid="sentra-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Anchor href={hrefOf({ page: 'sentra-list' })} size="sm">
            ← {t('sentra.title')}
          </Anchor>
          <Title order={2}>{sentra.name}</Title>
          <Group gap="xs">
            <Badge variant="light" color={sentra.kind === 'kandidat' ? 'orange' : sentra.kind === 'kawasan_industri' ? 'indigo' : 'teal'}>
              {t(`sentra.kinds.${sentra.kind}`)}
            </Badge>
            <Badge variant="outline">{t(`sentra.statuses.${sentra.status}`)}</Badge>
            <Text size="sm">{sentra.regencyName}</Text>
            {sentra.wilayahId && (
              <Anchor size="sm" href={hrefOf({ page: 'wilayah', id: sentra.wilayahId })}>
                {sentra.wilayahName}
              </Anchor>
            )}
          </Group>
        </Stack>
        <Button variant="light" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
          {t('sentra.edit')}
        </Button>
      </Group>
      {(sentra.product || sentra.notes || sentra.kbliDivision) && (
        <Text size="sm" c="dimmed">
          {[sentra.kbliDivision && `KBLI ${sentra.kbliDivision}`, sentra.product, sentra.notes].filter(Boolean).join(' · ')}
        </Text>
      )}
      <SimpleGrid cols={4}>
        <Figure label={t('sentra.totals.sites')} value={number(totals.sites)} testId="total-sites" />
        <Figure label={t('sentra.totals.workers')} value={number(totals.workers)} testId="total-workers" />
        <Figure
          label={t('sentra.totals.production')}
          value={sites.some((s) => s.productionValueRp !== null) ? formatRupiah(totals.productionValueRp) : '—'}
          testId="total-production"
        />
        <Figure label={t('sentra.totals.certificates')} value={certificates.length ? certificates.map(([c, n]) => `${c} ${n}`).join(', ') : '—'} testId="total-certificates" />
      </SimpleGrid>
      <Group align="flex-start" grow wrap="nowrap">
        <Paper withBorder radius="md" p={0} style={{ flex: 4, overflow: 'auto', maxHeight: 'calc(100dvh - 330px)' }}>
          <Table highlightOnHover stickyHeader verticalSpacing={6} data-testid="sentra-sites">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sentra.sites.name')}</Table.Th>
                <Table.Th>{t('sentra.sites.status')}</Table.Th>
                <Table.Th ta="right">{t('sentra.sites.workers')}</Table.Th>
                <Table.Th ta="right">{t('sentra.sites.production')}</Table.Th>
                <Table.Th>{t('sentra.sites.certificates')}</Table.Th>
                <Table.Th>{t('sentra.sites.lastVisit')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sites.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor href={hrefOf({ page: 'site', id: s.id })}>{s.name}</Anchor>
                    <Text size="xs" c="dimmed">
                      {s.villageName} · KBLI {s.kbliCode}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ minWidth: 130 }}>
                    <StatusBadge status={s.operatingStatus} archived={false} />
                  </Table.Td>
                  <Table.Td ta="right">
                    {number(s.workers)}
                    {s.workersMale !== null && s.workersFemale !== null && (
                      <Text size="xs" c="dimmed">
                        {t('sentra.sites.menWomen', { men: s.workersMale, women: s.workersFemale })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{s.productionValueRp === null ? '—' : formatRupiah(s.productionValueRp)}</Table.Td>
                  <Table.Td>{s.certificates.join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    {s.lastVisitId ? <Anchor href={hrefOf({ page: 'visit-form', id: s.lastVisitId })}>{s.lastVisitDate}</Anchor> : <Text c="dimmed">—</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
              {!sites.length && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" size="sm">
                      {t('sentra.sites.none')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Paper>
        <Stack style={{ flex: 2 }} gap={4}>
          {mapSites.data && (
            <SiteMap sites={mapSites.data} colourBy="status" regencyName={regencyName} height="calc(100dvh - 340px)" onOpenSite={(id) => navigate({ page: 'site', id })} />
          )}
          <Text size="xs" c="dimmed">
            {t('sentra.sites.mapNote', { count: mapSites.data?.length ?? 0, total: sites.length })}
          </Text>
        </Stack>
      </Group>
      {editing && (
        <SentraFormDialog
          sentra={sentra}
          opened
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}
