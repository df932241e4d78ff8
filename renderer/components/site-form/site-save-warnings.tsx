import { useState } from 'react';
import { Alert, Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/route';
import { useApiData } from '../../lib/api';
import { SiteDetails } from '../site-details';
import { SiteWarningsDialog } from '../site-warnings-dialog';
import type { SiteEditor } from './use-site-editor';

/**
 * The warnings the core answered a site save with, and the site a duplicate warning points at,
 * shown in a drawer beside the form so nothing typed is lost (closing it returns to the warning).
 */
export function SiteSaveWarnings({ editor }: { editor: SiteEditor }) {
  const [previewId, setPreviewId] = useState<string | null>(null);
  return (
    <>
      <SiteWarningsDialog
        warnings={previewId ? null : editor.warnings}
        saving={editor.saving}
        onConfirm={editor.confirmWarnings}
        onCancel={editor.dismissWarnings}
        onShowExisting={setPreviewId}
      />
      <ExistingSiteDrawer siteId={previewId} onClose={() => setPreviewId(null)} />
    </>
  );
}

function ExistingSiteDrawer({ siteId, onClose }: { siteId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const site = useApiData(
    () => (siteId ? window.ikm.site.get({ id: siteId }) : Promise.resolve({ ok: true as const, value: null })),
    `preview:${siteId ?? ''}`,
  );
  return (
    <Drawer
      opened={siteId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={600}>{site.data?.name ?? t('common.loading')}</Text>}
    >
      {site.error && <Alert color="red">{site.error}</Alert>}
      {site.data && (
        <Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('warnings.backToWarning')}
            </Button>
            <Button
              variant="light"
              leftSection={<IconExternalLink size={16} />}
              onClick={() => navigate({ page: 'site', id: site.data!.id })}
            >
              {t('warnings.openExisting')}
            </Button>
          </Group>
          <SiteDetails site={site.data} compact />
        </Stack>
      )}
    </Drawer>
  );
}
