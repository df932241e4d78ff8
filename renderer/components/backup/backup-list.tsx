import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Progress, Stack, Table, Text } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, JobProgress, Language, RestoreResult } from '../../../db/model';
import { useJob } from '../../lib/use-job';
import { formatBytes, formatDateTime } from '../../lib/format';

/** A job's progress as a bar: the phase said in words, the share done. */
export function JobBar({ progress, label }: { progress: JobProgress; label: string }) {
  const { t } = useTranslation();
  const share = progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <Stack gap={4}>
      <Text size="sm">
        {label}
        {progress.phase ? ` — ${t(`backup.phase.${progress.phase}`, { defaultValue: progress.phase })}` : ''}
      </Text>
      <Progress value={share} animated aria-label={label} />
    </Stack>
  );
}

/**
 * The backups, newest first, each with "Pulihkan": a confirmation says what happens to the data
 * now here (kept aside, not deleted), then the restore runs with its progress. `onRestored`
 * hears when it is done (the app then starts again over the restored data).
 */
export function BackupList({ backups, language, onRestored }: { backups: BackupInfo[]; language: Language; onRestored: (result: RestoreResult) => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<BackupInfo | null>(null);
  const job = useJob<RestoreResult>();
  const running = job.state.phase === 'running';

  if (!backups.length) {
    return (
      <Text size="sm" c="dimmed" data-testid="backup-none">
        {t('backup.none')}
      </Text>
    );
  }
  return (
    <>
      <Table striped highlightOnHover aria-label={t('backup.listLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('backup.madeAt')}</Table.Th>
            <Table.Th>{t('backup.kindLabel')}</Table.Th>
            <Table.Th>{t('backup.size')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {backups.map((b, i) => (
            <Table.Tr key={b.id} data-testid="backup-row">
              <Table.Td>
                {formatDateTime(b.createdAt, language)}
                {i === 0 && (
                  <Badge ml="xs" size="sm" variant="light">
                    {t('backup.latest')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t(`backup.kind.${b.kind}`)}</Table.Td>
              <Table.Td>
                {formatBytes(b.databaseBytes + b.filesBytes, language)} · {t('backup.files', { count: b.files })}
              </Table.Td>
              <Table.Td ta="right">
                <Button
                  size="xs"
                  variant="light"
                  color="orange"
                  leftSection={<IconRestore size={14} />}
                  aria-label={t('backup.restoreThis', { when: formatDateTime(b.createdAt, language) })}
                  onClick={() => {
                    job.reset();
                    setChosen(b);
                  }}
                >
                  {t('backup.restore')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={chosen !== null}
        onClose={() => !running && setChosen(null)}
        closeOnEscape={!running}
        withCloseButton={!running}
        title={<Text fw={600}>{t('backup.confirmTitle')}</Text>}
        centered
      >
        {chosen && (
          <Stack>
            <Text size="sm">{t('backup.confirmLead', { when: formatDateTime(chosen.createdAt, language) })}</Text>
            <Text size="sm" c="dimmed">
              {t('backup.confirmAside')}
            </Text>
            {job.state.phase === 'running' && <JobBar progress={job.state.progress} label={t('backup.restoring')} />}
            {job.state.phase === 'failed' && (
              <Alert color="red" role="alert">
                {job.state.message}
              </Alert>
            )}
            {job.state.phase === 'done' ? (
              <>
                <Alert color="green" role="status" data-testid="restore-done">
                  {t('backup.restored', { when: formatDateTime(job.state.result.restored.createdAt, language) })}
                  {job.state.result.missingFiles > 0 && ` ${t('backup.missingFiles', { count: job.state.result.missingFiles })}`}
                </Alert>
                <Group justify="flex-end">
                  <Button onClick={() => job.state.phase === 'done' && onRestored(job.state.result)}>{t('backup.continue')}</Button>
                </Group>
              </>
            ) : (
              <Group justify="flex-end">
                <Button variant="default" disabled={running} onClick={() => setChosen(null)}>
                  {t('common.cancel')}
                </Button>
                <Button color="orange" loading={running} onClick={() => void job.start(() => window.ikm.backup.restore({ id: chosen.id }))}>
                  {t('backup.restoreConfirm')}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Modal>
    </>
  );
}
