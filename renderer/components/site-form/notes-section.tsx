import { Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormSection, type SectionProps } from './form-section';

/** Free notes: what the officer saw that has no field yet. */
export function NotesSection({ values, errors, set }: SectionProps) {
  const { t } = useTranslation();
  return (
    <FormSection title={t('siteForm.notes')}>
      <Textarea
        aria-label={t('site.notes')}
        placeholder={t('siteForm.notesHint')}
        autosize
        minRows={3}
        maxRows={8}
        value={values.notes}
        onChange={(e) => set('notes', e.currentTarget.value)}
        error={errors.notes}
      />
    </FormSection>
  );
}
