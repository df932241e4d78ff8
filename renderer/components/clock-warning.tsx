import { Alert } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { formatDuration } from '../lib/format';
import { useSyncStatus } from '../lib/use-sync-status';

/**
 * The laptop clock is clearly wrong (against the hub's time at the last contact and the time
 * elapsed since): said on Sinkronisasi and on the forms, while the officer writes, since what is
 * saved now is stamped with that clock.
 */
export function ClockWarning() {
  const { t } = useTranslation();
  const { language } = useSession();
  const clock = useSyncStatus()?.clockWarning;
  if (!clock) return null;
  return (
    <Alert color="yellow" icon={<IconClockExclamation size={18} />} title={t('sync.clockTitle')} data-testid="clock-warning">
      {t(clock.ahead ? 'sync.clockAhead' : 'sync.clockBehind', { amount: formatDuration(clock.amount.value, clock.amount.unit, language) })}
    </Alert>
  );
}
