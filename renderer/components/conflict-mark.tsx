import { Alert, Anchor } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../app/route';

/** The small mark in a list row: this record has an open sync conflict. */
export function ConflictMark() {
  const { t } = useTranslation();
  return (
    <span className="ikm-conflict-mark" title={t('sync.conflictMark.mark')} aria-label={t('sync.conflictMark.mark')} role="img" data-testid="conflict-mark">
      <IconAlertTriangle size={14} aria-hidden />
    </span>
  );
}

/** On a site's or a visit's page: it has an open conflict, with the link to it on Sinkronisasi. */
export function ConflictNotice({ record, conflictId }: { record: 'site' | 'visit'; conflictId: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" icon={<IconAlertTriangle size={18} />} py="xs" data-testid="conflict-notice">
      {t(record === 'site' ? 'sync.conflictMark.siteNotice' : 'sync.conflictMark.visitNotice')}{' '}
      <Anchor href={hrefOf({ page: 'sync', conflictId })} fw={600} data-testid="conflict-link">
        {t('sync.conflictMark.review')}
      </Anchor>
    </Alert>
  );
}
