import { Button, Loader, Tooltip } from '@mantine/core';
import { IconCloudCheck, IconCloudOff, IconCloudUpload, IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../app/route';
import { useSession } from '../app/session';
import { formatNumber, formatRelative } from '../lib/format';
import { useSyncStatus } from '../lib/use-sync-status';
import { apiErrorText } from '../lib/api';
import { waitingRecordsText } from '../lib/waiting-records';

/** The sync state in the app frame: last sync, unsent changes, or what went wrong, in plain words. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const { language } = useSession();
  const status = useSyncStatus();
  if (!status) return null;

  let color = 'gray';
  let icon = <IconCloudOff size={16} />;
  let label = t('sync.frame.notEnrolled');
  let tip = t('sync.frame.notEnrolledTip');
  // What waits, in records an officer knows (sites, visits, photos), not in messages.
  const records = waitingRecordsText(status.waiting, t, language);
  if (!status.enrolled && records) tip = `${t('field20.sync.notEnrolledWaiting', { records })} ${tip}`;
  if (status.enrolled) {
    const pending = records ? t('field20.sync.waiting', { records }) : null;
    if (status.running) {
      color = 'blue';
      icon = <Loader size={14} />;
      label = t('sync.frame.running');
      tip = label;
    } else if (status.lastError) {
      color = 'red';
      icon = <IconAlertTriangle size={16} />;
      label = t('sync.frame.failed');
      tip = apiErrorText(status.lastError);
    } else if (status.openConflicts > 0) {
      // A sync that brought a conflict is not all clear: the header says what to review.
      color = 'orange';
      icon = <IconAlertTriangle size={16} />;
      label = t('field20.sync.conflictsOpen', { count: status.openConflicts, n: formatNumber(status.openConflicts, language) });
      tip = [pending, status.lastSyncAt ? t('sync.frame.lastSync', { when: formatRelative(status.lastSyncAt, language) }) : null].filter(Boolean).join(' · ') || label;
    } else if (status.lastSyncAt) {
      color = pending ? 'yellow' : 'teal';
      icon = pending ? <IconCloudUpload size={16} /> : <IconCloudCheck size={16} />;
      label = pending ?? t('sync.frame.synced', { when: formatRelative(status.lastSyncAt, language) });
      tip = t('sync.frame.lastSync', { when: formatRelative(status.lastSyncAt, language) });
    } else {
      color = 'yellow';
      icon = <IconCloudUpload size={16} />;
      label = pending ?? t('sync.frame.never');
      tip = t('sync.frame.never');
    }
  }
  return (
    <Tooltip label={tip} multiline maw={360} withArrow>
      <Button
        component="a"
        href={hrefOf({ page: 'sync' })}
        variant="light"
        color={color}
        size="compact-sm"
        leftSection={icon}
        data-testid="sync-indicator"
        data-state={status.running ? 'running' : status.lastError ? 'error' : !status.enrolled ? 'off' : status.openConflicts > 0 ? 'conflicts' : 'ok'}
      >
        {label}
      </Button>
    </Tooltip>
  );
}
