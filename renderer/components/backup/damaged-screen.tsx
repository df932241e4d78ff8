import { useState } from 'react';
import { Alert, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Language } from '../../../db/model';
import { applyLanguage } from '../../i18n';
import { useApiData } from '../../lib/api';
import { LanguageSwitch } from '../language-switch';
import { BackupList } from './backup-list';

/**
 * What the app shows when the start-up check found the database damaged: what happened, the
 * backups (the newest first) to restore, and that the damaged file is kept for the office's IT.
 * The setup (and its language) is in the damaged file, so the language is chosen here.
 */
export function DamagedScreen({ error }: { error: ApiError }) {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<Language>(i18n.language === 'en' ? 'en' : 'id');
  const list = useApiData(() => window.ikm.backup.list(), 'backup.list');
  const info = useApiData(() => window.ikm.app.info(), 'app.info');
  return (
    <Container size="md" py="xl">
      <Paper withBorder radius="md" p="xl" component="main" aria-labelledby="damaged-title">
        <Stack>
          <Group justify="space-between" wrap="nowrap">
            <Title order={1} size="h2" id="damaged-title">
              <IconAlertTriangle size={28} style={{ verticalAlign: 'middle', marginRight: 8 }} color="var(--mantine-color-red-6)" />
              {t('backup.damaged.title')}
            </Title>
            <LanguageSwitch
              value={language}
              onChange={(next) => {
                applyLanguage(next);
                setLanguage(next);
              }}
            />
          </Group>
          <Alert color="red" role="alert">
            {t('error.db_damaged')}
          </Alert>
          <Text size="sm">{t('backup.damaged.lead')}</Text>
          {list.data && <BackupList backups={list.data.backups} language={language} onRestored={() => window.location.reload()} />}
          {list.data && !list.data.backups.length && <Text size="sm">{t('backup.damaged.noBackup')}</Text>}
          <Text size="xs" c="dimmed">
            {t('backup.damaged.forIt')}{' '}
            <Text span ff="monospace" size="xs" data-testid="damaged-file" style={{ wordBreak: 'break-all' }}>
              {info.data?.dbFile ?? ''}
            </Text>
            {error.params?.detail ? ` (${String(error.params.detail)})` : ''}
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}
