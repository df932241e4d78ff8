import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_STATUSES, type FollowUpListResult, type FollowUpStatus } from '../../db/model';
import { FollowUpTable } from '../components/follow-ups/follow-up-table';
import { FilterSelect, RegencyFilter } from '../components/filter-controls';
import { ListPageHeader } from '../components/list-page-header';
import { errorMessage, unwrap } from '../lib/api';

const LIMIT = 500;

/**
 * Tindak lanjut (issue 18, item 5): the recommendations of final visits, open ones first with the
 * earliest due date, overdue ones marked; filtered by status, regency and overdue. `overdue` and
 * `regencyCode` come from the address (the Beranda's links).
 */
export function FollowUpsPage({ overdue: overdueAtStart = false, regencyCode: regencyAtStart = null }: { overdue?: boolean; regencyCode?: string | null }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<FollowUpStatus | null>(overdueAtStart ? null : 'open');
  const [regencyCode, setRegencyCode] = useState<string | null>(regencyAtStart);
  const [overdue, setOverdue] = useState(overdueAtStart);
  const [result, setResult] = useState<FollowUpListResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const load = useCallback(() => {
    unwrap(window.ikm.followUp.list({ status, regencyCode, overdue, limit: LIMIT })).then(
      (r) => {
        setResult(r);
        setFailure(null);
      },
      (error: unknown) => setFailure(errorMessage(error)),
    );
  }, [status, regencyCode, overdue]);
  useEffect(load, [load]);

  return (
    <Stack gap="sm">
      <ListPageHeader title={t('followUps.title')} total={result?.total ?? null} countKey="followUps.count" countTestId="follow-up-count" action={null} />
      <Group gap={6} wrap="wrap" maw={760}>
        <FilterSelect
          name={t('followUps.status')}
          menuWidth={220}
          data={FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: t(`followUps.statuses.${s}`) }))}
          value={overdue ? 'open' : status}
          disabled={overdue}
          onChange={(v) => setStatus(v as FollowUpStatus | null)}
        />
        <RegencyFilter menuWidth={260} value={regencyCode} onChange={setRegencyCode} />
        <Checkbox label={t('followUps.onlyOverdue')} checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} ml="xs" />
      </Group>
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {result && result.total === 0 ? (
        <Box p="xl">
          <Text c="dimmed" ta="center">
            {t('followUps.empty')}
          </Text>
        </Box>
      ) : (
        result && <FollowUpTable items={result.items} onChanged={load} />
      )}
      {result && result.total > result.items.length && (
        <Text size="sm" c="dimmed">
          {t('followUps.more', { shown: result.items.length, total: result.total })}
        </Text>
      )}
    </Stack>
  );
}

/** The site page's part: what is still open for this site. */
export function SiteFollowUps({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<FollowUpListResult | null>(null);
  const load = useCallback(() => {
    unwrap(window.ikm.followUp.list({ siteId, status: 'open' })).then(setResult, () => setResult(null));
  }, [siteId]);
  useEffect(load, [load]);
  if (!result || result.total === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-label={t('followUps.siteTitle')} data-testid="site-follow-ups">
      <Text fw={600}>{t('followUps.siteTitle', { count: result.total })}</Text>
      <FollowUpTable items={result.items} showSite={false} onChanged={load} />
    </Stack>
  );
}
