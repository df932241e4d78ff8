import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, MultiSelect, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { WilayahSaveRequest, type Area, type Wilayah } from '../../db/model';
import { useReference } from '../app/reference';
import { useLeaveGuard } from './leave-guard';
import { ApiFailure, errorMessage, unwrap } from '../lib/api';
import { useFieldMessages } from '../lib/field-messages';
import { schemaErrors, serverErrors, type FieldIssues } from '../lib/form-errors';

/** The region form's fields → the i18n key of their label. */
const WILAYAH_LABELS: Record<string, string> = { name: 'wilayah.name', indukRegencyCode: 'wilayah.induk', regencyCodes: 'wilayah.members' };

/**
 * The office's development regions (wilayah pengembangan): which kabupaten/kota each groups and
 * which one is its hub (induk). Moving a kabupaten into one region takes it out of the other.
 */
export function WilayahEditor() {
  const { t } = useTranslation();
  const { wilayah, regencies, reloadWilayah } = useReference();
  const [adding, setAdding] = useState(false);
  // Lives here, not in the card: a saved card is rebuilt from the reloaded list.
  const [savedId, setSavedId] = useState<string | null>(null);

  return (
    <Stack gap="sm">
      {wilayah.map((w) => (
        <WilayahCard
          // Rebuilt when the stored region changes (saving one region can move a kabupaten out of another).
          key={`${w.id}:${w.name}:${w.regencyCodes.join()}:${w.indukRegencyCode}`}
          wilayah={w}
          all={wilayah}
          regencies={regencies}
          justSaved={savedId === w.id}
          onEdit={() => setSavedId(null)}
          onSaved={(id) => {
            setSavedId(id);
            reloadWilayah();
          }}
        />
      ))}
      {adding ? (
        <WilayahCard
          wilayah={null}
          all={wilayah}
          regencies={regencies}
          justSaved={false}
          onEdit={() => setSavedId(null)}
          onSaved={(id) => {
            setAdding(false);
            setSavedId(id);
            reloadWilayah();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <Group>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            {t('wilayah.add')}
          </Button>
        </Group>
      )}
      {wilayah.length === 0 && !adding && (
        <Text size="sm" c="dimmed">
          {t('wilayah.none')}
        </Text>
      )}
    </Stack>
  );
}

function WilayahCard({
  wilayah,
  all,
  regencies,
  justSaved,
  onEdit,
  onSaved,
  onCancel,
}: {
  wilayah: Wilayah | null;
  all: Wilayah[];
  regencies: Area[];
  justSaved: boolean;
  onEdit: () => void;
  onSaved: (id: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(wilayah?.name ?? '');
  const [induk, setInduk] = useState<string | null>(wilayah?.indukRegencyCode ?? null);
  const [members, setMembers] = useState<string[]>(wilayah?.regencyCodes ?? []);
  const [rawErrors, setErrors] = useState<FieldIssues>({});
  const errors = useFieldMessages(WILAYAH_LABELS)(rawErrors);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Typed and not saved: leaving Pengaturan asks first.
  const guard = useLeaveGuard(
    () =>
      name !== (wilayah?.name ?? '') ||
      induk !== (wilayah?.indukRegencyCode ?? null) ||
      JSON.stringify(members) !== JSON.stringify(wilayah?.regencyCodes ?? []),
  );

  // Say where a kabupaten sits now, so moving it is a visible choice.
  const ownerOf = (code: string) => all.find((w) => w.id !== wilayah?.id && w.regencyCodes.includes(code));
  const memberOptions = regencies.map((r) => {
    const owner = ownerOf(r.code);
    return { value: r.code, label: owner ? `${r.name} (${owner.name})` : r.name };
  });
  // A kabupaten picked here that belongs to another region leaves it on save: say so before.
  const moving = members.flatMap((code) => {
    const owner = ownerOf(code);
    const name = regencies.find((r) => r.code === code)?.name ?? code;
    return owner ? [{ code, name, from: owner.name }] : [];
  });
  const indukOptions = regencies.filter((r) => members.includes(r.code)).map((r) => ({ value: r.code, label: r.name }));

  async function save(event: FormEvent) {
    event.preventDefault();
    const input = { id: wilayah?.id ?? null, name, indukRegencyCode: induk, regencyCodes: members };
    const parsed = WilayahSaveRequest.safeParse(input);
    if (!parsed.success) {
      setErrors(schemaErrors(parsed.error.issues));
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const stored = await unwrap(window.ikm.wilayah.save(input));
      setErrors({});
      onSaved(stored.id);
    } catch (error) {
      if (error instanceof ApiFailure) setErrors(serverErrors(error.issues));
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const title = wilayah?.name ?? t('wilayah.new');
  return (
    <Paper withBorder radius="md" p="sm" component="form" onSubmit={save} noValidate aria-label={title}>
      <Stack gap="xs">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <TextInput
            label={t('wilayah.name')}
            w={220}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              onEdit();
            }}
            error={errors.name}
          />
          <Select
            label={t('wilayah.induk')}
            w={260}
            clearable
            data={indukOptions}
            value={induk && members.includes(induk) ? induk : null}
            onChange={(v) => {
              setInduk(v);
              onEdit();
            }}
            error={errors.indukRegencyCode}
            placeholder={members.length ? undefined : t('wilayah.pickMembersFirst')}
          />
        </Group>
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <MultiSelect
            label={t('wilayah.members')}
            flex={1}
            data={memberOptions}
            value={members}
            onChange={(v) => {
              setMembers(v);
              onEdit();
            }}
            error={errors.regencyCodes}
            searchable
          />
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {t('wilayah.save')}
          </Button>
        </Group>
        {moving.length > 0 && (
          <Alert color="yellow" py="xs" data-testid="wilayah-moving">
            {moving.map((m) => (
              <Text key={m.code} size="sm">
                {t('wilayah.willMove', { regency: m.name, from: m.from })}
              </Text>
            ))}
          </Alert>
        )}
        {failure && (
          <Alert color="red" py="xs">
            {failure}
          </Alert>
        )}
        {justSaved && (
          <Text size="sm" c="teal.7" role="status">
            {t('wilayah.saved')}
          </Text>
        )}
      </Stack>
      {guard.dialog}
    </Paper>
  );
}
