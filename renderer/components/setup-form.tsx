import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Radio, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ROLES, SetupInput, type Language, type Role, type Setup } from '../../db/model';
import { ApiFailure, errorMessage, unwrap, useApiData } from '../lib/api';
import { areaOptions } from '../lib/areas';
import { useFieldMessages } from '../lib/field-messages';
import { focusFirstError, schemaErrors, serverErrors, type FieldIssues } from '../lib/form-errors';

/** The office default when nothing was chosen yet: Kalimantan Timur, the first customer. */
export const DEFAULT_PROVINCE = '64';

interface SetupValues {
  officerName: string;
  nip: string;
  officerCode: string;
  provinceCode: string | null;
  regencyCode: string | null;
  role: Role;
}

function initialValues(setup: Setup | null): SetupValues {
  return {
    officerName: setup?.officer.name ?? '',
    nip: setup?.officer.nip ?? '',
    officerCode: setup?.officer.code ?? '',
    provinceCode: setup?.provinceCode ?? DEFAULT_PROVINCE,
    regencyCode: setup?.regencyCode ?? null,
    role: setup?.role ?? 'officer',
  };
}

/** Officer and office: the first-run form, reused in Pengaturan to correct them later. */
export function SetupForm({
  setup,
  language,
  submitLabel,
  onSaved,
  onCancel,
}: {
  setup: Setup | null;
  language: Language;
  submitLabel: string;
  onSaved: (setup: Setup) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => initialValues(setup));
  const [rawErrors, setErrors] = useState<FieldIssues>({});
  const errors = useFieldMessages()(rawErrors);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const provinces = useApiData(() => window.ikm.ref.provinces(), 'provinces');
  const regencies = useApiData(
    () => window.ikm.ref.regencies({ provinceCode: values.provinceCode }),
    `regencies:${values.provinceCode ?? ''}`,
  );

  const set = <K extends keyof SetupValues>(key: K, value: SetupValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    // An empty province gets the schema's "Provinsi wajib dipilih".
    const input = { ...values, provinceCode: values.provinceCode ?? '', language };
    const parsed = SetupInput.safeParse(input);
    if (!parsed.success) {
      setErrors(schemaErrors(parsed.error.issues));
      requestAnimationFrame(() => focusFirstError(form));
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      onSaved(await unwrap(window.ikm.setup.save(input)));
    } catch (error) {
      if (error instanceof ApiFailure && error.issues.length) setErrors(serverErrors(error.issues));
      setFailure(errorMessage(error));
      setSaving(false);
    }
  }

  const regencyList = regencies.data ?? [];
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('setup.officerName')}
          withAsterisk
          autoFocus
          value={values.officerName}
          onChange={(e) => set('officerName', e.currentTarget.value)}
          error={errors.officerName}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('setup.nip')}
            description={t('setup.nipHint')}
            inputMode="numeric"
            maxLength={18}
            value={values.nip}
            onChange={(e) => set('nip', e.currentTarget.value)}
            error={errors.nip}
          />
          <TextInput
            label={t('setup.officerCode')}
            description={t('setup.officerCodeHint')}
            withAsterisk
            maxLength={5}
            value={values.officerCode}
            onChange={(e) => set('officerCode', e.currentTarget.value.toUpperCase())}
            error={errors.officerCode}
          />
        </Group>
        <Select
          label={t('setup.province')}
          withAsterisk
          searchable
          data={areaOptions(provinces.data ?? [])}
          value={values.provinceCode}
          onChange={(code) => {
            set('provinceCode', code);
            set('regencyCode', null);
          }}
          error={errors.provinceCode}
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Select
          label={t('setup.regency')}
          description={regencyList.length || regencies.loading ? t('setup.regencyHint') : t('setup.regencyLater')}
          clearable
          searchable
          disabled={!regencyList.length}
          data={areaOptions(regencyList)}
          value={values.regencyCode}
          onChange={(code) => set('regencyCode', code)}
          error={errors.regencyCode}
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Radio.Group label={t('review.role')} description={t('review.roleHint')} value={values.role} onChange={(v) => set('role', v as Role)}>
          <Group gap="lg" mt={6}>
            {ROLES.map((r) => (
              <Radio key={r} value={r} label={t(`review.roles.${r}`)} />
            ))}
          </Group>
        </Radio.Group>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end" mt="xs">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
