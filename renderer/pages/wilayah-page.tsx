import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';
import { hrefOf } from '../app/route';
import { useApiData } from '../lib/api';
import { SentraTable } from './sentra-list-page';

/** A wilayah pengembangan: its induk (set in Pengaturan), its regencies, and its sentra. */
export function WilayahPage({ wilayahId }: { wilayahId: string }) {
  const { t } = useTranslation();
  const { wilayah, regencies } = useReference();
  const w = wilayah.find((x) => x.id === wilayahId);
  const list = useApiData(() => window.ikm.sentra.list({ wilayahId }), `sentra.list:w:${wilayahId}`);
  if (!w) return <Alert color="red">{t('error.wilayah_not_found')}</Alert>;
  const name = (code: string) => regencies.find((r) => r.code === code)?.name ?? code;
  return (
    <Stack gap="sm" data-testid="wilayah-page">
      <Anchor href={hrefOf({ page: 'sentra-list' })} size="sm">
        ← {t('sentra.title')}
      </Anchor>
      <Title order={2}>{w.name}</Title>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {t('sentra.wilayah.induk')}
        </Text>
        {w.indukRegencyCode ? (
          <Badge variant="light" color="grape" data-testid="wilayah-induk">
            {name(w.indukRegencyCode)}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            {t('sentra.wilayah.noInduk')}
          </Text>
        )}
      </Group>
      <Text size="sm">
        <Text span fw={500}>
          {t('sentra.wilayah.regencies')}
        </Text>{' '}
        {w.regencyCodes.map(name).join(', ') || '—'}
      </Text>
      <Paper withBorder p="sm" radius="md">
        <Text fw={600} mb={6}>
          {t('sentra.wilayah.sentra', { count: list.data?.length ?? 0 })}
        </Text>
        {list.data && (list.data.length ? <SentraTable rows={list.data} /> : <Text size="sm" c="dimmed">{t('sentra.emptyWilayah')}</Text>)}
      </Paper>
    </Stack>
  );
}
