import type { TFunction } from 'i18next';
import type { WaitingRecords } from '../../db/model/sync-client';
import type { Language } from '../../db/model';
import { formatNumber } from './format';

/** "2 usaha, 1 kunjungan, 1 foto/dokumen": what waits to reach the hub, in records; null when nothing does. */
export function waitingRecordsText(waiting: WaitingRecords, t: TFunction, language: Language): string | null {
  const parts = (['sites', 'visits', 'files', 'other'] as const)
    .filter((kind) => waiting[kind] > 0)
    .map((kind) => t(`field20.sync.${kind}`, { count: waiting[kind], n: formatNumber(waiting[kind], language) }));
  if (parts.length === 0) return null;
  return waiting.more ? `${parts.join(', ')} ${t('field20.sync.more')}` : parts.join(', ');
}
