import { Button, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconSearch, IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/route';
import { useSession } from '../app/session';
import { requestSearchFocus } from '../app/shortcuts';
import { FlashMessage } from '../components/flash-message';
import { OpenDraftsCard } from '../components/visit-log/open-drafts-card';
import { ReviewQueueCard } from '../components/review/review-queue-card';
import { DashboardView } from '../components/dashboard/dashboard-view';

/** Beranda: the open drafts, the office's figures (DashboardView) and the usual next steps. */
export function HomePage() {
  const { t } = useTranslation();
  const { setup } = useSession();

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
      <DashboardView />
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
