import { useRef, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Center, Drawer, Group, Kbd, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDeviceFloppy, IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { SiteInput, type SiteWarning } from '../../db/model';
import { navigate } from '../app/route';
import { useSession } from '../app/session';
import { BusinessSection } from '../components/site-form/business-section';
import { IdentitySection } from '../components/site-form/identity-section';
import { LocationSection } from '../components/site-form/location-section';
import { FormActionBar } from '../components/site-form/form-section';
import { NotesSection } from '../components/site-form/notes-section';
import {
  formFromSite,
  newSiteForm,
  siteInputFromForm,
  type SiteFormValues,
} from '../components/site-form/site-form-values';
import { SiteDetails } from '../components/site-details';
import { SiteWarningsDialog } from '../components/site-warnings-dialog';
import { useLeaveGuard } from '../components/leave-guard';
import { ApiFailure, errorMessage, useApiData } from '../lib/api';
import { useFieldMessages } from '../lib/field-messages';
import { setFlash } from '../lib/flash';
import { focusFirstError, schemaErrors, serverErrors, type FieldErrors, type FieldIssues } from '../lib/form-errors';

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

interface Confirmed {
  duplicate: boolean;
  outsideProvince: boolean;
}

function SiteEditor({ siteId, title, initial }: { siteId: string | null; title: string; initial: SiteFormValues }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initial);
  // Messages from the core stay until their field is edited; the schema's own follow the typing.
  const [serverIssues, setServerIssues] = useState<FieldIssues>({});
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [warnings, setWarnings] = useState<SiteWarning[] | null>(null);
  const [previewId, setPreviewId] = useState<string | null>(null);
  // Unsaved: anything typed since the form opened, until the save that navigates away.
  const saved = useRef(false);
  const { dialog: leaveDialog } = useLeaveGuard(() => !saved.current && JSON.stringify(values) !== JSON.stringify(initial));

  /** Client-side check with the same schema as the core; null when the input is valid. */
  function check(next: SiteFormValues): FieldIssues | null {
    const parsed = SiteInput.safeParse(siteInputFromForm(next));
    return parsed.success ? null : schemaErrors(parsed.error.issues);
  }

  // After the first attempt, messages are recomputed on every change so a fixed field clears at once.
  const inLanguage = useFieldMessages();
  const errors: FieldErrors = inLanguage({ ...serverIssues, ...(submitted ? check(values) : null) });

  const set = <K extends keyof SiteFormValues>(key: K, value: SiteFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setServerIssues((current) => (current[key] ? { ...current, [key]: undefined } : current));
    setFailure(null);
  };

  async function save(confirm: Confirmed) {
    setSaving(true);
    setFailure(null);
    const site = siteInputFromForm(values);
    const result = siteId
      ? await window.ikm.site.update({ id: siteId, site, confirm })
      : await window.ikm.site.create({ site, confirm });
    setSaving(false);
    if (!result.ok) {
      const failure = new ApiFailure(result.error);
      if (failure.issues.length) {
        // The messages sit next to their fields; the footer only points at them.
        setServerIssues(serverErrors(failure.issues, 'site.'));
        requestAnimationFrame(() => focusFirstError(formRef.current));
        setFailure(t('siteForm.fixErrors'));
      } else {
        setFailure(errorMessage(failure));
      }
      setWarnings(null);
      return;
    }
    if (!result.value.saved) {
      setWarnings(result.value.warnings);
      return;
    }
    setWarnings(null);
    saved.current = true;
    setFlash(result.value.site.id, t(siteId ? 'siteForm.updated' : 'siteForm.created'));
    navigate({ page: 'site', id: result.value.site.id }, { replace: true });
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    setSubmitted(true);
    const found = check(values);
    if (found) {
      setFailure(t('siteForm.fixErrors'));
      requestAnimationFrame(() => focusFirstError(formRef.current));
      return;
    }
    void save({ duplicate: false, outsideProvince: false }).catch((error: unknown) => {
      setSaving(false);
      setFailure(errorMessage(error));
    });
  }

  function confirmWarnings() {
    const codes = new Set((warnings ?? []).map((w) => w.code));
    void save({ duplicate: codes.has('DUPLICATE_NAME'), outsideProvince: codes.has('OUTSIDE_PROVINCE') });
  }

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

          <IdentitySection {...sectionProps} />
          <LocationSection {...sectionProps} />
          <BusinessSection {...sectionProps} />
          <NotesSection {...sectionProps} />

          <FormActionBar failure={failure}>
            <Button variant="default" onClick={cancel}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={saving && warnings === null}
              leftSection={<IconDeviceFloppy size={18} />}
              rightSection={<Kbd size="xs">Ctrl+S</Kbd>}
            >
              {t('common.save')}
            </Button>
          </FormActionBar>
        </Stack>
      </form>

      <SiteWarningsDialog
        warnings={previewId ? null : warnings}
        saving={saving}
        onConfirm={confirmWarnings}
        onCancel={() => setWarnings(null)}
        onShowExisting={setPreviewId}
      />
      <ExistingSiteDrawer siteId={previewId} onClose={() => setPreviewId(null)} />
      {leaveDialog}
    </Box>
  );
}

/**
 * The site the duplicate warning points at, shown beside the form so nothing typed is lost.
 * Closing it returns to the warning.
 */
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
