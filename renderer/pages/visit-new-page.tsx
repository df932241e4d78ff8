import { useRef, useState } from 'react';
import { Alert, Box, Button, Center, Group, Loader, Paper, Select, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowLeft, IconBuildingPlus, IconClipboardList, IconListCheck, IconSearch, IconStethoscope, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { VISIT_KINDS, type Site, type VisitKind } from '../../db/model';
import { navigate } from '../app/route';
import { useSession } from '../app/session';
import { BusinessSection } from '../components/site-form/business-section';
import { IdentitySection } from '../components/site-form/identity-section';
import { LocationSection } from '../components/site-form/location-section';
import { FormActionBar } from '../components/site-form/form-section';
import { newSiteForm } from '../components/site-form/site-form-values';
import { SiteSaveWarnings } from '../components/site-form/site-save-warnings';
import { useSiteEditor } from '../components/site-form/use-site-editor';
import { useLeaveGuard } from '../components/leave-guard';
import { errorMessage, unwrap, useApiData } from '../lib/api';

const KIND_ICONS = { identifikasi: IconSearch, inventarisasi: IconClipboardList, evaluasi: IconStethoscope, pembinaan: IconUsers };

/** Starts a visit: for a chosen site (pick the kind), or for a new unit (register it, then identify). */
export function VisitNewPage({ siteId }: { siteId: string | null }) {
  const { t } = useTranslation();
  const [creatingSite, setCreatingSite] = useState(false);
  const [chosen, setChosen] = useState<string | null>(siteId);
  const site = useApiData(
    () => (chosen ? window.ikm.site.get({ id: chosen }) : Promise.resolve({ ok: true as const, value: null })),
    `visit-site:${chosen ?? ''}`,
  );

  return (
    <Box maw={980} mx="auto">
      <Stack gap="md">
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="subtle"
            color="gray"
            px={8}
            aria-label={t('common.back')}
            onClick={() => (siteId ? navigate({ page: 'site', id: siteId }) : window.history.back())}
          >
            <IconArrowLeft size={20} />
          </Button>
          <Title order={2}>{t('visitForm.newTitle')}</Title>
        </Group>
        {site.error && <Alert color="red">{site.error}</Alert>}
        {creatingSite ? (
          <NewSiteStep onCancel={() => setCreatingSite(false)} />
        ) : chosen && !site.data ? (
          <Center h={120}>
            <Loader aria-label={t('common.loading')} />
          </Center>
        ) : site.data ? (
          <KindStep site={site.data} />
        ) : (
          <SiteStep onChoose={setChosen} onNewSite={() => setCreatingSite(true)} />
        )}
      </Stack>
    </Box>
  );
}

/** Creates the draft of `kind` for `site`, as the core prepares it from the site's facts, and opens it. */
async function startVisit(siteId: string, kind: VisitKind): Promise<void> {
  const start = await unwrap(window.ikm.visit.start({ siteId, kind }));
  const visit = await unwrap(window.ikm.visit.saveDraft({ siteId, data: start.data }));
  navigate({ page: 'visit-form', id: visit.id }, { replace: true });
}

function KindStep({ site }: { site: Site }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<VisitKind | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function choose(kind: VisitKind) {
    setBusy(kind);
    try {
      await startVisit(site.id, kind);
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(null);
    }
  }
  return (
    <Stack gap="sm">
      <Text>
        {t('visitForm.forSite')}{' '}
        <Text span fw={600}>
          {site.name}
        </Text>{' '}
        · {[site.villageName, site.regencyName].join(', ')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('visitForm.chooseKind')}
      </Text>
      <SimpleGrid cols={2} spacing="md" role="group" aria-label={t('visitForm.chooseKind')}>
        {VISIT_KINDS.map((kind, i) => {
          const Icon = KIND_ICONS[kind];
          return (
            <UnstyledButton key={kind} onClick={() => void choose(kind)} disabled={busy !== null} data-autofocus={i === 0 || undefined} autoFocus={i === 0}>
              <Paper withBorder radius="md" p="md" h="100%">
                <Group wrap="nowrap" align="flex-start">
                  {busy === kind ? <Loader size={28} /> : <Icon size={28} color="var(--mantine-color-blue-7)" />}
                  <Box>
                    <Text fw={600}>{t(`visitForm.kind.${kind}`)}</Text>
                    <Text size="sm" c="dimmed">
                      {t(`visitForm.kindHint.${kind}`)}
                    </Text>
                  </Box>
                </Group>
              </Paper>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
    </Stack>
  );
}

/** Which site the visit is for: search the register, or register a new unit. */
function SiteStep({ onChoose, onNewSite }: { onChoose: (id: string) => void; onNewSite: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const found = useApiData(() => window.ikm.site.list({ text: search, limit: 30 }), `visit-site-search:${search}`);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  if (found.data) {
    const next = found.data.items.map((s) => ({ value: s.id, label: `${s.name} · ${s.villageName}, ${s.regencyName}` }));
    if (JSON.stringify(next) !== JSON.stringify(options)) setOptions(next);
  }
  return (
    // Side by side: the search's list opens downwards over empty space, not over the new-unit card.
    <SimpleGrid cols={2} spacing="md">
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Text fw={600}>{t('visitForm.existingSite')}</Text>
          <Select
            label={t('visitForm.chooseSite')}
            searchable
            autoFocus
            data={options}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            onChange={(id) => id && onChoose(id)}
            nothingFoundMessage={t('common.nothingFound')}
          />
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm" align="flex-start">
          <Box>
            <Text fw={600}>{t('visitForm.newUnit')}</Text>
            <Text size="sm" c="dimmed">
              {t('visitForm.newUnitHint')}
            </Text>
          </Box>
          <Button leftSection={<IconBuildingPlus size={18} />} onClick={onNewSite}>
            {t('visitForm.newUnitButton')}
          </Button>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}

/** The site editor's sections and save flow (useSiteEditor); saving registers the unit and opens its identifikasi. */
function NewSiteStep({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const { setup } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [initial] = useState(() => newSiteForm(setup.regencyCode, 'visit'));
  // Typed work is asked about before it is dropped (a link, Back, Batal), until the save goes on to the visit.
  const saved = useRef(false);
  const editor = useSiteEditor({
    formRef,
    initial,
    persist: (site, confirm) => window.ikm.site.create({ site, confirm }),
    // What the officer just typed about the business starts the identifikasi (the core reads it from the site).
    onSaved: (site) => {
      saved.current = true;
      return startVisit(site.id, 'identifikasi');
    },
  });
  const guard = useLeaveGuard(() => !saved.current && JSON.stringify(editor.values) !== JSON.stringify(initial));
  const sectionProps = { values: editor.values, errors: editor.errors, set: editor.set };
  return (
    <form ref={formRef} noValidate onSubmit={editor.submit}>
      <Stack gap="md">
        <Alert color="blue" icon={<IconListCheck size={18} />} py="xs">
          {t('visitForm.newUnitLead')}
        </Alert>
        <IdentitySection {...sectionProps} />
        <LocationSection {...sectionProps} />
        <BusinessSection {...sectionProps} />
        <FormActionBar failure={editor.failure}>
          <Button variant="default" onClick={() => guard.confirm(onCancel)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={editor.saving && editor.warnings === null}>
            {t('visitForm.saveSiteAndContinue')}
          </Button>
        </FormActionBar>
      </Stack>
      <SiteSaveWarnings editor={editor} />
      {guard.dialog}
    </form>
  );
}
