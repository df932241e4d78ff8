import { useEffect, useState } from 'react';
import { SiteFollowUps } from './follow-ups-page';
import { Alert, Anchor, Box, Button, Center, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { IconArchive, IconArrowLeft, IconArrowsSplit, IconCheck, IconGitMerge, IconPencil, IconRestore, IconWalk } from '@tabler/icons-react';
import { useHotkeys } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { PrintButtons } from '../components/print/print-buttons';
import type { Site } from '../../db/model';
import { hrefOf, navigate } from '../app/route';
import { useSession } from '../app/session';
import { formatDateTime } from '../lib/format';
import { ArchiveDialog } from '../components/archive-dialog';
import { SiteDetails } from '../components/site-details';
import { SiteTimeline } from '../components/site-timeline';
import { ConflictNotice } from '../components/conflict-mark';
import { useConflictMarks } from '../lib/use-conflict-marks';
import { errorMessage, unwrap, useApiData } from '../lib/api';
import { clearFlash, peekFlash } from '../lib/flash';

/** One site: everything recorded, with Edit and Arsipkan/Pulihkan. */
export function SiteDetailPage({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const loaded = useApiData(() => window.ikm.site.get({ id: siteId }), `site:${siteId}`);
  // Archive/restore answer with the changed site; show that instead of reloading.
  const [changed, setChanged] = useState<Site | null>(null);
  const site = changed ?? loaded.data;

  if (loaded.error) {
    return (
      <Alert color="red" title={t('common.loadFailed')}>
        {loaded.error}
      </Alert>
    );
  }
  if (!site) {
    return (
      <Center h={200}>
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  return <SiteDetailView site={site} onChanged={setChanged} />;
}

function SiteDetailView({ site, onChanged }: { site: Site; onChanged: (site: Site) => void }) {
  const { t } = useTranslation();
  const [flash, setFlashMessage] = useState(() => peekFlash(site.id));
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const conflictId = useConflictMarks().sites[site.id];
  const { language } = useSession();
  // A site out of the register may have been merged into another: then it names that site and offers the unmerge.
  const mergeState = useApiData(() => window.ikm.site.mergeState({ id: site.id }), `merge-state:${site.id}:${site.deleted}`);
  const mergedInto = site.deleted ? (mergeState.data?.survivor ?? null) : null;
  const merge = mergeState.data?.merge ?? null;
  const [askingUnmerge, setAskingUnmerge] = useState(false);

  useEffect(() => clearFlash(site.id), [site.id]);
  // Escape goes back to the list, unless it is closing a dialog: the dialog closes first (window
  // capture), so by now its state says closed; the key's target inside it still tells.
  useHotkeys([
    [
      'Escape',
      (event) => {
        const fromDialog = event.target instanceof Element && event.target.closest('[role="dialog"]');
        if (!asking && !askingUnmerge && !fromDialog) navigate({ page: 'sites' });
      },
    ],
  ]);

  async function setArchived(archived: boolean) {
    setBusy(true);
    setFailure(null);
    try {
      const next = await unwrap(archived ? window.ikm.site.archive({ id: site.id }) : window.ikm.site.restore({ id: site.id }));
      onChanged(next);
      setFlashMessage(t(archived ? 'archive.done' : 'archive.restored'));
      setAsking(false);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  async function unmerge() {
    setBusy(true);
    setFailure(null);
    try {
      const next = await unwrap(window.ikm.site.unmerge({ loserId: site.id }));
      onChanged(next);
      setFlashMessage(t('merge.unmerged'));
      setAskingUnmerge(false);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const place = [site.villageName, site.districtName, site.regencyName].join(', ');

  return (
    <Box maw={1100} mx="auto">
      <Stack gap="md">
        {/* A name too long to sit beside the buttons takes the whole line and wraps; the buttons go under it. */}
        <Group justify="space-between" align="flex-start">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 auto' }} align="flex-start">
            <Button
              variant="subtle"
              color="gray"
              px={8}
              style={{ flexShrink: 0 }}
              onClick={() => navigate({ page: 'sites' })}
              aria-label={t('site.backToList')}
            >
              <IconArrowLeft size={20} />
            </Button>
            <Box style={{ minWidth: 0, flex: 1 }}>
              <Title order={2} style={{ overflowWrap: 'anywhere' }}>
                {site.name}
              </Title>
              {/* As wide as the space beside the name, not wider: the place alone never pushes the buttons down. */}
              <Text size="sm" c="dimmed" className="ikm-truncate" title={place} style={{ width: 0, minWidth: '100%' }}>
                {place}
              </Text>
            </Box>
          </Group>
          <Group gap="sm" wrap="nowrap" align="flex-start" ml="auto">
            <PrintButtons target={{ kind: 'site', id: site.id }} label={t('print.siteProfile')} testId="site-print" />
            {site.deleted && mergeState.loading ? null : mergedInto ? (
              <Button leftSection={<IconArrowsSplit size={18} />} onClick={() => setAskingUnmerge(true)} loading={busy}>
                {t('merge.unmerge')}
              </Button>
            ) : site.deleted ? (
              <Button leftSection={<IconRestore size={18} />} onClick={() => void setArchived(false)} loading={busy}>
                {t('archive.restore')}
              </Button>
            ) : (
              <>
                <Button
                  variant="default"
                  leftSection={<IconArchive size={18} />}
                  color="red"
                  onClick={() => setAsking(true)}
                >
                  {t('archive.archive')}
                </Button>
                <Button
                  variant="light"
                  leftSection={<IconWalk size={18} />}
                  onClick={() => navigate({ page: 'visit-new', siteId: site.id })}
                >
                  {t('visitForm.newVisit')}
                </Button>
                <Button
                  leftSection={<IconPencil size={18} />}
                  onClick={() => navigate({ page: 'site-edit', id: site.id })}
                  autoFocus
                >
                  {t('common.edit')}
                </Button>
              </>
            )}
          </Group>
        </Group>

        {flash && (
          <Alert
            color="teal"
            icon={<IconCheck size={18} />}
            withCloseButton
            onClose={() => setFlashMessage(null)}
            role="status"
            py="xs"
          >
            {flash}
          </Alert>
        )}
        {conflictId && <ConflictNotice record="site" conflictId={conflictId} />}
        {mergedInto ? (
          <Alert color="blue" icon={<IconGitMerge size={18} />} py="xs" data-testid="merged-notice">
            {t('merge.mergedInto')}{' '}
            <Anchor href={hrefOf({ page: 'site', id: mergedInto.id })} fw={600}>
              {mergedInto.name}
            </Anchor>
            {merge && <> {t('merge.mergedBy', { by: merge.mergedBy ?? t('sync.review.unknownOfficer'), when: formatDateTime(merge.mergedAt, language) })}</>}
          </Alert>
        ) : (
          site.deleted &&
          !mergeState.loading && (
            <Alert color="gray" icon={<IconArchive size={18} />} py="xs">
              {t('archive.isArchived')}
            </Alert>
          )
        )}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}

        <SiteDetails site={site} merged={!!mergedInto} />
        <SiteFollowUps siteId={site.id} />
        <SiteTimeline siteId={site.id} />
      </Stack>
      <Modal
        opened={askingUnmerge && !!mergedInto}
        onClose={() => setAskingUnmerge(false)}
        title={<Text fw={600}>{t('merge.unmergeTitle')}</Text>}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('merge.unmergeQuestion', { name: site.name, survivor: mergedInto?.name ?? '' })}</Text>
          <Text size="sm" c="dimmed">
            {t('merge.unmergeKeep', { survivor: merge?.survivorName ?? mergedInto?.name ?? '' })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setAskingUnmerge(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button leftSection={<IconArrowsSplit size={16} />} onClick={() => void unmerge()} loading={busy}>
              {t('merge.unmergeConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ArchiveDialog
        siteName={site.name}
        opened={asking}
        busy={busy}
        onConfirm={() => void setArchived(true)}
        onCancel={() => setAsking(false)}
      />
    </Box>
  );
}
