import { Alert, Button, Card, Group, Kbd, Paper, Progress, SimpleGrid, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconPlus, IconSearch, IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { OperatingStatus, SiteSummaryCounts } from '../../db/model';
import { useReference } from '../app/reference';
import { navigate } from '../app/route';
import { useSession } from '../app/session';
import { requestSearchFocus } from '../app/shortcuts';
import { EMPTY_FILTERS, useSiteListState } from '../app/site-list-state';
import { FlashMessage } from '../components/flash-message';
import { OpenDraftsCard } from '../components/visit-log/open-drafts-card';
import { ReviewQueueCard } from '../components/review/review-queue-card';
import { useApiData } from '../lib/api';
import { formatNumber } from '../lib/format';

/** Beranda: how big the register is, by status and by kabupaten/kota, and the usual next steps. */
export function HomePage() {
  const { t } = useTranslation();
  const { setup } = useSession();
  const counts = useApiData(() => window.ikm.site.counts(), 'counts');

  return (
    <Stack gap="lg" maw={1100} mx="auto">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('home.greeting', { name: setup.officer.name })}</Title>
          <Text c="dimmed" size="sm">
            {setup.regencyName
              ? t('home.officeWithRegency', { province: setup.provinceName, regency: setup.regencyName })
              : t('home.office', { province: setup.provinceName })}
          </Text>
        </div>
        <QuickActions />
      </Group>
      <FlashMessage flashKey="home" />
      <OpenDraftsCard />
      <ReviewQueueCard />
      {counts.error && <Alert color="red">{counts.error}</Alert>}
      {counts.data ? <CountsView counts={counts.data} /> : <Skeleton height={320} radius="md" />}
    </Stack>
  );
}

function QuickActions() {
  const { t } = useTranslation();
  return (
    <Group gap="sm">
      <Button leftSection={<IconPlus size={18} />} rightSection={<Kbd size="xs">Ctrl+N</Kbd>} onClick={() => navigate({ page: 'site-new' })}>
        {t('sites.add')}
      </Button>
      <Button
        variant="default"
        leftSection={<IconSearch size={18} />}
        rightSection={<Kbd size="xs">Ctrl+F</Kbd>}
        onClick={() => {
          navigate({ page: 'sites' });
          requestSearchFocus();
        }}
      >
        {t('home.find')}
      </Button>
      <Button variant="subtle" leftSection={<IconSettings size={18} />} onClick={() => navigate({ page: 'settings' })}>
        {t('nav.settings')}
      </Button>
    </Group>
  );
}

const STATUS_ORDER = ['aktif', 'calon', 'berhenti_sementara', 'tidak_beroperasi', 'tutup'];

function CountsView({ counts }: { counts: SiteSummaryCounts }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const { catalog, label } = useReference();
  const { setFilters } = useSiteListState();
  const top = Math.max(1, ...counts.byRegency.map((r) => r.count));

  /** Opens the list narrowed to one value, starting from a clean query. */
  const openList = (patch: Partial<typeof EMPTY_FILTERS>) => {
    setFilters(() => ({ ...EMPTY_FILTERS, ...patch }));
    navigate({ page: 'sites' });
  };

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 3, md: 6 }} spacing="sm">
        <StatCard
          label={t('home.total')}
          value={formatNumber(counts.total, language)}
          accent
          onOpen={() => openList({})}
          testId="count-total"
        />
        {STATUS_ORDER.map((status) => (
          <StatCard
            key={status}
            label={label(catalog.operatingStatuses, status)}
            value={formatNumber(counts.byStatus[status] ?? 0, language)}
            onOpen={() => openList({ operatingStatus: status as OperatingStatus })}
            testId={`count-${status}`}
          />
        ))}
      </SimpleGrid>

      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h5">
            {t('home.byRegency')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('home.archived', { count: counts.archived, formatted: formatNumber(counts.archived, language) })}
          </Text>
        </Group>
        {counts.byRegency.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('home.noSites')}
          </Text>
        ) : (
          <Stack gap={4}>
            {counts.byRegency.map((row) => (
              <UnstyledButton
                key={row.regencyCode}
                onClick={() => openList({ regencyCode: row.regencyCode })}
                p={6}
                style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                className="ikm-regency-row"
              >
                <Group gap="sm" wrap="nowrap">
                  <Text size="sm" w={240} className="ikm-truncate">
                    {row.regencyName}
                  </Text>
                  <Progress value={(row.count / top) * 100} flex={1} size="lg" radius="sm" aria-hidden />
                  <Text size="sm" fw={600} w={70} ta="right">
                    {formatNumber(row.count, language)}
                  </Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

function StatCard({
  label,
  value,
  accent = false,
  onOpen,
  testId,
}: {
  label: string;
  value: string;
  accent?: boolean;
  onOpen: () => void;
  testId: string;
}) {
  return (
    <Card
      component="button"
      type="button"
      withBorder
      radius="md"
      p="sm"
      onClick={onOpen}
      bg={accent ? 'blue.7' : undefined}
      style={{ textAlign: 'left', cursor: 'pointer' }}
      data-testid={testId}
    >
      <Text size="xs" c={accent ? 'blue.0' : 'dimmed'} className="ikm-truncate">
        {label}
      </Text>
      <Text size="xl" fw={700} c={accent ? 'white' : undefined}>
        {value}
      </Text>
    </Card>
  );
}
