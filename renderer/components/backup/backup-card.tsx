import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../db/model';
import { useSession } from '../../app/session';
import { useApiData } from '../../lib/api';
import { useJob } from '../../lib/use-job';
import { BackupList, JobBar } from './backup-list';

/**
 * Pengaturan → Cadangan: "Cadangkan sekarang" (with its progress), and the backups with
 * "Pulihkan". The app also backs up by itself when it closes, at most once a day.
 */
export function BackupCard() {
  const { t } = useTranslation();
  const { language } = useSession();
  const list = useApiData(() => window.ikm.backup.list(), 'backup.list');
  const job = useJob<BackupInfo>();
  const running = job.state.phase === 'running';

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('backup.title')}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {t('backup.title')}
        </Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconDatabaseExport size={14} />}
          loading={running}
          onClick={() => void job.start(() => window.ikm.backup.create()).then(list.reload)}
        >
          {t('backup.now')}
        </Button>
      </Group>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('backup.lead')}
        </Text>
        {job.state.phase === 'running' && <JobBar progress={job.state.progress} label={t('backup.backingUp')} />}
        {job.state.phase === 'done' && (
          <Alert color="green" role="status" data-testid="backup-done">
            {t('backup.made', { count: job.state.result.files })}
          </Alert>
        )}
        {job.state.phase === 'failed' && (
          <Alert color="red" role="alert">
            {job.state.message}
          </Alert>
        )}
        {list.error && (
          <Alert color="red" role="alert">
            {list.error}
          </Alert>
        )}
        {list.data && <BackupList backups={list.data.backups} language={language} onRestored={() => window.location.reload()} />}
        {list.data && (
          <Text size="xs" c="dimmed">
            {t('backup.folder')}{' '}
            <Text span ff="monospace" size="xs" data-testid="backup-folder" style={{ wordBreak: 'break-all' }}>
              {list.data.folder}
            </Text>
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
