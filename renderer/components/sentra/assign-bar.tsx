import { useState } from 'react';
import { Button, Group, Paper, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage, unwrap, useApiData } from '../../lib/api';

/** "N usaha dipilih → sentra [pilih] [Tetapkan]": assigns the selected sites to a sentra in one action. */
export function AssignBar({ siteIds, onDone, onClear, fixedSentraId }: { siteIds: string[]; onDone: (changed: number) => void; onClear: () => void; fixedSentraId?: string }) {
  const { t } = useTranslation();
  const list = useApiData(() => window.ikm.sentra.list({}), 'sentra.list:assign');
  const [sentraId, setSentraId] = useState<string | null>(fixedSentraId ?? null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const assign = async () => {
    if (!sentraId || !siteIds.length) return;
    setBusy(true);
    try {
      const { changed } = await unwrap(window.ikm.sentra.assign({ sentraId, siteIds }));
      setMessage(t('sentra.assign.done', { count: changed }));
      onDone(changed);
    } catch (e) {
      setMessage(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="xs" radius="md" data-testid="assign-bar">
      <Group gap="sm" wrap="nowrap">
        <Text size="sm" fw={600} data-testid="selected-count">
          {t('sentra.assign.selected', { count: siteIds.length })}
        </Text>
        {!fixedSentraId && (
          <Select
            w={300}
            aria-label={t('sentra.assign.choose')}
            placeholder={t('sentra.assign.choose')}
            searchable
            data={(list.data ?? []).map((s) => ({ value: s.id, label: `${s.name} — ${s.regencyName}` }))}
            value={sentraId}
            onChange={setSentraId}
          />
        )}
        <Button onClick={() => void assign()} disabled={!sentraId || !siteIds.length} loading={busy}>
          {t('sentra.assign.button')}
        </Button>
        <Button variant="subtle" onClick={onClear} disabled={!siteIds.length}>
          {t('sentra.assign.clear')}
        </Button>
        {message && (
          <Text size="sm" c="dimmed" role="status" data-testid="assign-message">
            {message}
          </Text>
        )}
      </Group>
    </Paper>
  );
}
