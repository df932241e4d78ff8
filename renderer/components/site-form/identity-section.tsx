import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReference } from '../../app/reference';
import { FormSection, type SectionProps } from './form-section';

/** Who the business is and how to reach it. */
export function IdentitySection({ values, errors, set }: SectionProps) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  return (
    <FormSection title={t('siteForm.identity')}>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
        <TextInput
          label={t('site.name')}
          withAsterisk
          autoFocus
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
        />
        <TextInput
          label={t('site.ownerName')}
          value={values.ownerName}
          onChange={(e) => set('ownerName', e.currentTarget.value)}
          error={errors.ownerName}
        />
        <TextInput
          label={t('site.phone')}
          type="tel"
          placeholder="0812-3456-7890"
          value={values.phone}
          onChange={(e) => set('phone', e.currentTarget.value)}
          error={errors.phone}
        />
        <TextInput
          label={t('site.email')}
          type="email"
          value={values.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={errors.email}
        />
      </SimpleGrid>
      <SimpleGrid cols={3} spacing="sm">
        <Select
          label={t('site.legalForm')}
          clearable
          data={catalog.legalForms.map((f) => ({ value: f.code, label: label(catalog.legalForms, f.code) }))}
          value={values.legalForm}
          onChange={(v) => set('legalForm', v)}
          error={errors.legalForm}
        />
        <TextInput
          label={t('site.nib')}
          placeholder={t('siteForm.nibHint')}
          inputMode="numeric"
          value={values.nib}
          onChange={(e) => set('nib', e.currentTarget.value)}
          error={errors.nib}
        />
        <TextInput
          label={t('site.yearEstablished')}
          placeholder={t('siteForm.yearHint')}
          inputMode="numeric"
          maxLength={4}
          value={values.yearEstablished}
          onChange={(e) => set('yearEstablished', e.currentTarget.value)}
          error={errors.yearEstablished}
        />
      </SimpleGrid>
    </FormSection>
  );
}
