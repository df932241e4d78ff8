import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeWords } from '../../db/model';
import { useReference } from '../app/reference';
import { useSession } from '../app/session';

/** The screen's words for the core's change formatter: its language and its pick lists' labels. */
export function useChangeWords(): ChangeWords {
  const { t } = useTranslation();
  const { language } = useSession();
  const { catalog, label } = useReference();
  return useMemo(
    () => ({
      language,
      option: (list, code) => {
        if (list === 'operatingStatus') return label(catalog.operatingStatuses, code);
        if (list === 'certificate') return label(catalog.certificateKinds, code);
        return t(`visitForm.options.${list}.${code}`, { defaultValue: code });
      },
    }),
    [language, catalog, label, t],
  );
}
