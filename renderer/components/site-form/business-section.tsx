import { MultiSelect, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { siteSizeClass } from '../../../db/model';
import { useReference } from '../../app/reference';
import { KbliSelect } from '../kbli-select';
import { FormSection, type SectionProps } from './form-section';

/** What the business makes, its papers, its workforce and whether it is running. */
export function BusinessSection({ values, errors, set }: SectionProps) {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  return (
    <FormSection title={t('siteForm.business')}>
      <SimpleGrid cols={2} spacing="sm">
        <KbliSelect
          label={t('site.kbli')}
          required
          value={values.kbliCode}
          onChange={(code) => {
            set('kbliCode', code);
            // The division decides the industry group; the officer may still change it after.
            const entry = catalog.kbli.find((k) => k.code === code?.slice(0, 2));
            if (entry) set('sectorGroup', entry.sectorGroup);
          }}
          error={errors.kbliCode}
        />
        <Select
          label={t('site.sectorGroup')}
          clearable
          data={catalog.sectorGroups.map((s) => ({ value: s.code, label: label(catalog.sectorGroups, s.code) }))}
          value={values.sectorGroup}
          onChange={(v) => set('sectorGroup', v)}
          error={errors.sectorGroup}
        />
      </SimpleGrid>
      <Textarea
        label={t('site.products')}
        description={t('siteForm.productsHint')}
        autosize
        minRows={2}
        maxRows={4}
        value={values.products}
        onChange={(e) => set('products', e.currentTarget.value)}
        error={errors.products}
      />
      <MultiSelect
        label={t('site.certificates')}
        placeholder={values.certificates.length ? undefined : t('siteForm.certificatesHint')}
        clearable
        data={catalog.certificateKinds.map((c) => ({ value: c.code, label: label(catalog.certificateKinds, c.code) }))}
        value={values.certificates}
        onChange={(v) => set('certificates', v)}
        error={errors.certificates}
      />
      <MultiSelect
        label={t('naikKelas.inProcessLabel')}
        description={t('naikKelas.inProcessHint')}
        clearable
        data={catalog.certificateKinds
          .filter((c) => !values.certificates.includes(c.code))
          .map((c) => ({ value: c.code, label: label(catalog.certificateKinds, c.code) }))}
        value={values.certificatesInProcess.filter((k) => !values.certificates.includes(k))}
        onChange={(v) => set('certificatesInProcess', v)}
        data-testid="site-certificates-in-process"
      />
      <SimpleGrid cols={3} spacing="sm">
        <TextInput
          label={t('site.workers')}
          inputMode="numeric"
          value={values.workers}
          onChange={(e) => {
            const text = e.currentTarget.value;
            set('workers', text);
            // The core's rule shown as the officer types (it decides again when saving).
            const size = /^\d+$/.test(text.trim()) ? siteSizeClass(Number(text), null) : null;
            if (size) set('sizeClass', size);
          }}
          error={errors.workers}
        />
        <Select
          label={t('site.sizeClass')}
          clearable
          data={catalog.sizeClasses.map((s) => ({ value: s.code, label: label(catalog.sizeClasses, s.code) }))}
          value={values.sizeClass}
          onChange={(v) => set('sizeClass', v)}
          error={errors.sizeClass}
        />
        <Select
          label={t('site.operatingStatus')}
          withAsterisk
          allowDeselect={false}
          data={catalog.operatingStatuses.map((s) => ({ value: s.code, label: label(catalog.operatingStatuses, s.code) }))}
          value={values.operatingStatus}
          onChange={(v) => v && set('operatingStatus', v)}
          error={errors.operatingStatus}
        />
      </SimpleGrid>
    </FormSection>
  );
}
