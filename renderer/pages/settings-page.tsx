import { useState } from 'react';
import { Button, Group, Modal, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { IconCloudUpload, IconPencil } from '@tabler/icons-react';
import { hrefOf } from '../app/route';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { LanguageSwitch } from '../components/language-switch';
import { SetupForm } from '../components/setup-form';
import { WilayahEditor } from '../components/wilayah-editor';
import { LetterheadEditor } from '../components/print/letterhead-editor';
import { BackupCard } from '../components/backup/backup-card';
import { errorMessage, unwrap, useApiData } from '../lib/api';
import { formatBytes, formatDateTime } from '../lib/format';
import type { OfficeRules } from '../../db/model';

/** Pengaturan: the officer and office, the language, and the office's wilayah groupings. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { setup, language, setLanguage, replaceSetup } = useSession();
  const [editing, setEditing] = useState(false);

  return (
    <Stack gap="lg" maw={1000} mx="auto">
      <Title order={2}>{t('settings.title')}</Title>

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <SettingsCard
          title={t('settings.officer')}
          action={
            <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          }
          span={2}
        >
          <SimpleGrid cols={2} spacing="xs">
            <Info label={t('setup.officerName')}>{setup.officer.name}</Info>
            <Info label={t('setup.officerCode')}>{setup.officer.code}</Info>
            <Info label={t('setup.nip')}>{setup.officer.nip ?? '—'}</Info>
            <Info label={t('setup.province')}>{setup.provinceName}</Info>
            <Info label={t('setup.regency')}>{setup.regencyName ?? t('settings.wholeProvince')}</Info>
          </SimpleGrid>
        </SettingsCard>
        <SettingsCard title={t('language.label')}>
          <Text size="sm" c="dimmed" mb="xs">
            {t('settings.languageHint')}
          </Text>
          <LanguageSwitch value={language} onChange={(next) => void setLanguage(next)} />
        </SettingsCard>
      </SimpleGrid>

      <SettingsCard
        title={t('settings.syncCard.title')}
        action={
          <Button size="xs" variant="light" component="a" href={hrefOf({ page: 'sync' })} leftSection={<IconCloudUpload size={14} />}>
            {t('settings.syncCard.open')}
          </Button>
        }
      >
        <Text size="sm" c="dimmed">
          {t('settings.syncCard.lead')}
        </Text>
      </SettingsCard>

      <OfficeRulesCard />

      <BackupCard />

      <AboutCard />

      <Paper withBorder radius="md" p="md">
        <Title order={3} size="h5">
          {t('wilayah.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {t('wilayah.lead', { province: setup.provinceName })}
        </Text>
        <WilayahEditor />
      </Paper>

      <Paper withBorder radius="md" p="md" component="section" aria-label={t('letterhead.title')}>
        <Title order={3} size="h5">
          {t('letterhead.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {t('letterhead.lead')}
        </Text>
        <LetterheadEditor />
      </Paper>

      <Modal opened={editing} onClose={() => setEditing(false)} title={<Text fw={600}>{t('settings.editOfficer')}</Text>} size="lg" centered>
        <SetupForm
          setup={setup}
          language={language}
          submitLabel={t('common.save')}
          onSaved={(next) => {
            replaceSetup(next);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </Modal>
    </Stack>
  );
}

/**
 * The office's rules for visits: whether signatures are required to finalize. A synced rule set
 * on the office's data (the hub's, or a laptop working without a hub); an enrolled laptop shows it.
 */
function OfficeRulesCard() {
  const { t } = useTranslation();
  const { language } = useSession();
  const loaded = useApiData(() => window.ikm.settings.office(), 'settings.office');
  const [saved, setSaved] = useState<OfficeRules | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const rules = saved ?? loaded.data;
  return (
    <SettingsCard title={t('signing.rulesTitle')}>
      <Stack gap="xs">
        <Switch
          label={t('settings.signaturesRequired')}
          description={t('settings.signaturesRequiredHint')}
          checked={rules?.signaturesRequired ?? true}
          disabled={!rules?.editable}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            setFailure(null);
            void unwrap(window.ikm.settings.setOffice({ signaturesRequired: next })).then(setSaved, (error: unknown) => setFailure(errorMessage(error)));
          }}
        />
        {rules && (
          <Text size="sm" c="dimmed" data-testid="office-rule-source">
            {t(rules.editable ? 'signing.ruleHere' : 'signing.ruleFromHub')}{' '}
            {rules.changedAt && rules.changedBy
              ? t('signing.ruleChanged', { by: rules.changedBy, at: formatDateTime(rules.changedAt, language) })
              : t('signing.ruleDefault')}
          </Text>
        )}
        {failure && (
          <Text size="sm" c="red" role="alert">
            {failure}
          </Text>
        )}
      </Stack>
    </SettingsCard>
  );
}

/** Version, data folder and database size: what an admin asks for when something goes wrong. */
function AboutCard() {
  const { t } = useTranslation();
  const { language } = useSession();
  const { data: info } = useApiData(() => window.ikm.app.info(), 'app.info');
  return (
    <SettingsCard title={t('settings.about')}>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="xs">
        <Info label={t('settings.version')}>
          <span data-testid="app-version">{info?.version ?? '…'}</span>
        </Info>
        <Info label={t('settings.databaseSize')}>
          <span data-testid="database-size">{info ? formatBytes(info.databaseBytes, language) : '…'}</span>
          {info && (
            <Text span size="xs" c="dimmed" ml={6}>
              ({t('settings.schema', { version: info.schemaVersion })})
            </Text>
          )}
        </Info>
        <Info label={t('settings.dataDir')}>
          <Text span size="sm" fw={500} ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="data-dir">
            {info?.dataDir ?? '…'}
          </Text>
        </Info>
        {info?.logFolder && (
          <Info label={t('logs.folder')}>
            <Text span size="sm" fw={500} ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="log-folder">
              {info.logFolder}
            </Text>
            <Text size="xs" c="dimmed">
              {t('logs.hint')}
            </Text>
          </Info>
        )}
      </SimpleGrid>
    </SettingsCard>
  );
}

function SettingsCard({ title, action, span = 1, children }: { title: string; action?: ReactNode; span?: number; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" style={{ gridColumn: `span ${span}` }} component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {children}
      </Text>
    </div>
  );
}
