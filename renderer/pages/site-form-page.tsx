import { useRef } from 'react';
import { Alert, Box, Button, Center, Group, Kbd, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/route';
import { useSession } from '../app/session';
import { BusinessSection } from '../components/site-form/business-section';
import { IdentitySection } from '../components/site-form/identity-section';
import { LocationSection } from '../components/site-form/location-section';
import { FormActionBar } from '../components/site-form/form-section';
import { NotesSection } from '../components/site-form/notes-section';
import { formFromSite, newSiteForm, type SiteFormValues } from '../components/site-form/site-form-values';
import { SiteSaveWarnings } from '../components/site-form/site-save-warnings';
import { useSiteEditor } from '../components/site-form/use-site-editor';
import { useLeaveGuard } from '../components/leave-guard';
import { useApiData } from '../lib/api';
import { setFlash } from '../lib/flash';
import { ClockWarning } from '../components/clock-warning';

/** New site (siteId null) or edit of a stored one. */
export function SiteFormPage({ siteId }: { siteId: string | null }) {
  const { t } = useTranslation();
  const { setup } = useSession();
  const stored = useApiData(
    () => (siteId ? window.ikm.site.get({ id: siteId }) : Promise.resolve({ ok: true as const, value: null })),
    `site:${siteId ?? 'new'}`,
  );

  if (stored.error) {
    return (
      <Alert color="red" title={t('common.loadFailed')}>
        {stored.error}
      </Alert>
    );
  }
  if (stored.loading) {
    return (
      <Center h={200}>
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  const site = stored.data ?? null;
  return (
    <SiteEditor
      siteId={siteId}
      title={site ? t('siteForm.editTitle', { name: site.name }) : t('siteForm.newTitle')}
      initial={site ? formFromSite(site) : newSiteForm(setup.regencyCode)}
    />
  );
}

function SiteEditor({ siteId, title, initial }: { siteId: string | null; title: string; initial: SiteFormValues }) {
  const { t } = useTranslation();
  // Unsaved: anything typed since the form opened, until the save that navigates away.
  const saved = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const editor = useSiteEditor({
    formRef,
    initial,
    persist: (site, confirm) => (siteId ? window.ikm.site.update({ id: siteId, site, confirm }) : window.ikm.site.create({ site, confirm })),
    onSaved: (site) => {
      saved.current = true;
      setFlash(site.id, t(siteId ? 'siteForm.updated' : 'siteForm.created'));
      navigate({ page: 'site', id: site.id }, { replace: true });
    },
  });
  const { values, errors, set, submit } = editor;
  const { dialog: leaveDialog } = useLeaveGuard(() => !saved.current && JSON.stringify(values) !== JSON.stringify(initial));

  const cancel = () => navigate(siteId ? { page: 'site', id: siteId } : { page: 'sites' });
  const sectionProps = { values, errors, set };

  return (
    <Box maw={980} mx="auto">
      <form
        ref={formRef}
        noValidate
        onSubmit={submit}
        onKeyDown={(event) => {
          // Ctrl+S saves from any field, as in an office suite.
          if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
            event.preventDefault();
            submit();
          }
        }}
        aria-label={title}
      >
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <Button variant="subtle" color="gray" px={8} onClick={cancel} aria-label={t('common.back')}>
                <IconArrowLeft size={20} />
              </Button>
              <Title order={2} className="ikm-truncate">
                {title}
              </Title>
            </Group>
            <Text size="xs" c="dimmed">
              {t('siteForm.requiredHint')}
            </Text>
          </Group>
          <ClockWarning />

          <IdentitySection {...sectionProps} />
          <LocationSection {...sectionProps} />
          <BusinessSection {...sectionProps} />
          <NotesSection {...sectionProps} />

          <FormActionBar failure={editor.failure}>
            <Button variant="default" onClick={cancel}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={editor.saving && editor.warnings === null}
              leftSection={<IconDeviceFloppy size={18} />}
              rightSection={<Kbd size="xs">Ctrl+S</Kbd>}
            >
              {t('common.save')}
            </Button>
          </FormActionBar>
        </Stack>
      </form>

      <SiteSaveWarnings editor={editor} />
      {leaveDialog}
    </Box>
  );
}
