import { useState } from 'react';
import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SENTRA_KINDS, SENTRA_STATUSES, type Sentra, type SentraKind, type SentraStatus } from '../../../db/model';
import { useReference } from '../../app/reference';
import { errorMessage, unwrap } from '../../lib/api';

/** Create or edit a sentra: name, kind, regency, main commodity, notes and status. */
export function SentraFormDialog({ sentra, opened, onClose, onSaved }: { sentra: Sentra | null; opened: boolean; onClose: () => void; onSaved: (s: Sentra) => void }) {
  const { t } = useTranslation();
  const { catalog, regencies, label } = useReference();
  const [name, setName] = useState(sentra?.name ?? '');
  const [kind, setKind] = useState<SentraKind>(sentra?.kind ?? 'sentra_ikm');
  const [regencyCode, setRegencyCode] = useState<string | null>(sentra?.regencyCode ?? null);
  const [kbliDivision, setKbliDivision] = useState<string | null>(sentra?.kbliDivision ?? null);
  const [product, setProduct] = useState(sentra?.product ?? '');
  const [notes, setNotes] = useState(sentra?.notes ?? '');
  const [status, setStatus] = useState<SentraStatus>(sentra?.status ?? 'usulan');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const divisions = catalog.kbli.filter((k) => k.code.length === 2);

  const save = async () => {
    if (!regencyCode) {
      setError(t('sentra.form.regencyRequired'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await unwrap(
        window.ikm.sentra.save({ id: sentra?.id ?? null, name, kind, regencyCode, kbliDivision: kbliDivision as never, product, notes, status }),
      );
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={sentra ? t('sentra.form.editTitle') : t('sentra.form.newTitle')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('sentra.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Group grow>
            <Select
              label={t('sentra.fields.kind')}
              allowDeselect={false}
              data={SENTRA_KINDS.map((k) => ({ value: k, label: t(`sentra.kinds.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v as SentraKind)}
            />
            <Select
              label={t('sentra.fields.regency')}
              required
              searchable
              data={regencies.map((r) => ({ value: r.code, label: r.name }))}
              value={regencyCode}
              onChange={setRegencyCode}
            />
          </Group>
          <Group grow>
            <Select
              label={t('sentra.fields.kbli')}
              searchable
              clearable
              data={divisions.map((k) => ({ value: k.code, label: `${k.code} ${label(catalog.kbli, k.code)}` }))}
              value={kbliDivision}
              onChange={setKbliDivision}
            />
            <TextInput label={t('sentra.fields.product')} value={product} onChange={(e) => setProduct(e.currentTarget.value)} />
          </Group>
          <Textarea label={t('sentra.fields.notes')} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('sentra.fields.status')}
            </Text>
            <SegmentedControl
              aria-label={t('sentra.fields.status')}
              value={status}
              onChange={(v) => setStatus(v as SentraStatus)}
              data={SENTRA_STATUSES.map((s) => ({ value: s, label: t(`sentra.statuses.${s}`) }))}
            />
          </Stack>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('sentra.form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
