import { Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../db/model';
import { useReference } from '../app/reference';
import { useSession } from '../app/session';
import { formatCoordinate, formatDateTime, formatNumber } from '../lib/format';
import { StatusBadge } from './status-badge';

/** Everything recorded about one site, read-only: the detail page and the duplicate preview. */
export function SiteDetails({ site, compact = false, merged = false }: { site: Site; compact?: boolean; merged?: boolean }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const { catalog, label } = useReference();
  const span = compact ? 12 : 6;
  const none = '—';

  return (
    <Stack gap="md">
      <Group gap="xs">
        <StatusBadge status={site.operatingStatus} archived={site.deleted && merged ? 'merged' : site.deleted} />
        {site.deleted && <StatusBadge status={site.operatingStatus} />}
        {site.sizeClass && (
          <Badge variant="outline" color="gray" radius="sm" tt="none" size="md">
            {label(catalog.sizeClasses, site.sizeClass)}
          </Badge>
        )}
      </Group>
      <Grid gap="md">
        <Grid.Col span={span}>
          <DetailCard title={t('siteForm.identity')}>
            <Field label={t('site.ownerName')}>{site.ownerName ?? none}</Field>
            <Field label={t('site.phone')}>{site.phone ?? none}</Field>
            <Field label={t('site.email')}>{site.email ?? none}</Field>
            <Field label={t('site.legalForm')}>{site.legalForm ? label(catalog.legalForms, site.legalForm) : none}</Field>
            <Field label={t('site.nib')}>{site.nib ?? none}</Field>
            <Field label={t('site.yearEstablished')}>{site.yearEstablished ?? none}</Field>
          </DetailCard>
        </Grid.Col>
        <Grid.Col span={span}>
          <DetailCard title={t('siteForm.location')}>
            <Field label={t('site.village')}>{site.villageName}</Field>
            <Field label={t('site.district')}>{site.districtName}</Field>
            <Field label={t('site.regency')}>{site.regencyName}</Field>
            <Field label={t('site.wilayah')}>{site.wilayahName ?? none}</Field>
            <Field label={t('site.address')}>{site.address ?? none}</Field>
            <Field label={t('site.coordinate')}>
              {site.latitude !== null && site.longitude !== null
                ? `${formatCoordinate(site.latitude, language)}; ${formatCoordinate(site.longitude, language)}`
                : none}
            </Field>
          </DetailCard>
        </Grid.Col>
        <Grid.Col span={span}>
          <DetailCard title={t('siteForm.business')}>
            <Field label={t('site.kbli')}>
              {site.kbliCode} · {label(catalog.kbli, site.kbliDivision)}
            </Field>
            <Field label={t('site.sectorGroup')}>
              {site.sectorGroup ? label(catalog.sectorGroups, site.sectorGroup) : none}
            </Field>
            <Field label={t('site.products')}>{site.products ?? none}</Field>
            <Field label={t('site.certificates')}>
              {site.certificates.length ? (
                <Group gap={4}>
                  {site.certificates.map((c) => (
                    <Badge key={c} variant="light" color="indigo" radius="sm" tt="none">
                      {label(catalog.certificateKinds, c)}
                    </Badge>
                  ))}
                </Group>
              ) : (
                none
              )}
            </Field>
            <Field label={t('site.workers')}>
              {site.workers === null ? none : formatNumber(site.workers, language)}
            </Field>
          </DetailCard>
        </Grid.Col>
        <Grid.Col span={span}>
          <DetailCard title={t('siteForm.notes')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={site.notes ? undefined : 'dimmed'}>
              {site.notes ?? t('site.noNotes')}
            </Text>
            <Text size="xs" c="dimmed" mt="sm">
              {t('site.created', { when: formatDateTime(site.createdAt, language) })}
              <br />
              {t('site.updated', { when: formatDateTime(site.updatedAt, language) })}
            </Text>
          </DetailCard>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function DetailCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" h="100%" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      <Stack gap={6}>{children}</Stack>
    </Paper>
  );
}

/** A label above its value; a description list would read the same to a screen reader. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={172} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}
