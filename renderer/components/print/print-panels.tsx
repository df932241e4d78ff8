import { useState } from 'react';
import { Alert, Button, Code, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { batchPrintFilter, localDate, VISIT_KINDS, type VisitExportFilter, type VisitKind } from '../../../db/model';
import { errorMessage, unwrap, useApiData } from '../../lib/api';
import { DateField } from '../date-field';
import { PrintButtons } from './print-buttons';

function Card({ id, title, lead, children }: { id: string; title: string; lead: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h4" id={id} mb={4}>
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {lead}
      </Text>
      {children}
    </Paper>
  );
}

/** A blank form per visit kind. */
export function BlankFormCard() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<VisitKind>('inventarisasi');
  return (
    <Card id="print-blank-title" title={t('print.blankTitle')} lead={t('print.blankLead')}>
      <Stack gap="sm">
        <Select
          label={t('print.blankKind')}
          allowDeselect={false}
          data={VISIT_KINDS.map((k) => ({ value: k, label: t(`visitLog.kinds.${k}`) }))}
          value={kind}
          onChange={(v) => v && setKind(v as VisitKind)}
          w={260}
        />
        <PrintButtons target={{ kind: 'blank', visitKind: kind }} testId="print-blank" />
      </Stack>
    </Card>
  );
}

/** The filled forms of the visits the log's filters match, as one PDF. */
export function BatchPrintCard({ filter }: { filter: VisitExportFilter }) {
  const { t } = useTranslation();
  // Drafts stay out unless the log's filter chose them (Status: Draf).
  const batchFilter = batchPrintFilter(filter);
  const page = useApiData(() => window.ikm.visit.list({ ...batchFilter, limit: 200 }), JSON.stringify(batchFilter));
  const ids = page.data?.items.map((v) => v.id) ?? [];
  return (
    <Card id="print-batch-title" title={t('print.batchTitle')} lead={t('print.batchLead')}>
      <Stack gap="sm">
        <Text size="sm" data-testid="print-batch-count">
          {ids.length ? t('print.batchCount', { count: ids.length }) : t('print.batchNone')}
        </Text>
        {filter.status !== 'draft' && (
          <Text size="sm" c="dimmed" data-testid="print-batch-drafts">
            {t('printing.draftsLeftOut')}
          </Text>
        )}
        {ids.length > 0 && <PrintButtons target={{ kind: 'visit', ids }} label={t('print.batchPdf')} testId="print-batch" />}
      </Stack>
    </Card>
  );
}

/** Rekap per wilayah for a date range: PDF, printer or Excel. */
export function RekapCard() {
  const { t } = useTranslation();
  const today = localDate(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [xlsx, setXlsx] = useState<{ ok: boolean; text: string } | null>(null);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const saveXlsx = async () => {
    try {
      const saved = await unwrap(window.ikm.print.rekapXlsx({ dateFrom: from, dateTo: to }));
      setXlsx(saved ? { ok: true, text: saved.path } : null);
    } catch (error) {
      setXlsx({ ok: false, text: errorMessage(error) });
    }
  };
  return (
    <Card id="print-rekap-title" title={t('print.rekapTitle')} lead={t('print.rekapLead')}>
      <Stack gap="sm">
        <Group gap="sm">
          <DateField label={t('print.from')} value={from} onChange={setFrom} w={170} />
          <DateField label={t('print.to')} value={to} onChange={setTo} w={170} />
        </Group>
        {valid && (
          <Group gap="xs" align="flex-start">
            <PrintButtons target={{ kind: 'rekap', dateFrom: from, dateTo: to }} label={t('print.rekapPdf')} testId="print-rekap" />
            <Button variant="default" leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void saveXlsx()}>
              {t('print.rekapXlsx')}
            </Button>
          </Group>
        )}
        {xlsx && (
          <Alert color={xlsx.ok ? 'green' : 'red'} py={6} withCloseButton onClose={() => setXlsx(null)}>
            {xlsx.ok ? <Code data-testid="rekap-xlsx-file">{xlsx.text}</Code> : xlsx.text}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
