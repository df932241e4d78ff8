import { useState } from 'react';
import { Alert, Button, Checkbox, Code, Group, List, Progress, Radio, Stack, Text } from '@mantine/core';
import { IconCheck, IconFileExport, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat, type NaikKelasFilter, type SiteExportFilter, type StoppedFilter, type VisitExportFilter } from '../../../db/model';
import { useSession } from '../../app/session';
import { formatNumber } from '../../lib/format';
import { useExportJob } from '../../lib/use-export-job';

export type ExportSource =
  | { source: 'visits'; filter: VisitExportFilter }
  | { source: 'sites'; filter: SiteExportFilter }
  | { source: 'stopped'; filter: StoppedFilter }
  | { source: 'naikKelas'; filter: NaikKelasFilter };

/** A planning list (stopped factories, naik kelas): one sheet or one CSV file. */
const isList = (what: ExportSource) => what.source === 'stopped' || what.source === 'naikKelas';

/**
 * Choose a format, export, follow the progress, cancel: the same panel on the Ekspor & Cetak
 * screen and in the Ekspor dialog of the visit log and the register.
 */
export function ExportPanel({ what, filterLines }: { what: ExportSource; filterLines: string[] }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [attachments, setAttachments] = useState(false);
  const job = useExportJob();
  const running = job.state.phase === 'running';
  const prefix = `export-${what.source}`;

  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500}>
          {t('export.filter')}
        </Text>
        {filterLines.length ? (
          <List size="sm" data-testid={`${prefix}-filter`}>
            {filterLines.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed" data-testid={`${prefix}-filter`}>
            {isList(what) ? t('planningExport.exportAll') : what.source === 'visits' ? t('export.allVisits') : t('export.allSites')}
          </Text>
        )}
      </div>
      <Radio.Group label={t('export.format')} value={format} onChange={(v) => setFormat(v as ExportFormat)}>
        <Group gap="md" mt={4}>
          {(isList(what) ? (['xlsx', 'csv'] as const) : EXPORT_FORMATS).map((f) => (
            <Radio key={f} value={f} label={t(`export.formats.${f}`)} disabled={running} />
          ))}
        </Group>
      </Radio.Group>
      <Text size="xs" c="dimmed" data-testid={`${prefix}-format-hint`}>
        {/* A register export has no Kunjungan sheet, and its CSV is one file. */}
        {isList(what)
          ? t(`planningExport.formatHint.${format}`)
          : what.source === 'sites'
            ? t([`export.formatHintSites.${format}`, `export.formatHint.${format}`])
            : t(`export.formatHint.${format}`)}
      </Text>
      {what.source === 'visits' && (
        <Checkbox
          label={t('export.attachments')}
          checked={attachments}
          disabled={running}
          onChange={(e) => setAttachments(e.currentTarget.checked)}
        />
      )}

      {job.state.phase === 'running' ? (
        <Stack gap={6} data-testid={`${prefix}-progress`}>
          <Group justify="space-between">
            <Text size="sm" aria-live="polite">
              {job.state.cancelling
                ? t('export.cancelling')
                : t(`export.phase.${job.state.progress.phase || 'start'}`, {
                    done: formatNumber(job.state.progress.done, language),
                    total: formatNumber(job.state.progress.total ?? 0, language),
                  })}
            </Text>
            <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={job.cancel} disabled={job.state.cancelling}>
              {t('common.cancel')}
            </Button>
          </Group>
          <Progress
            value={job.state.progress.total ? (100 * job.state.progress.done) / job.state.progress.total : 0}
            aria-label={t('export.progress')}
            animated
          />
        </Stack>
      ) : (
        <Group>
          <Button
            leftSection={<IconFileExport size={18} />}
            onClick={() =>
              void job.start(
                what.source === 'visits'
                  ? { source: 'visits', format, filter: what.filter, attachments }
                  : what.source === 'sites'
                    ? { source: 'sites', format, filter: what.filter }
                    : what.source === 'stopped'
                      ? { source: 'stopped', format: format as 'xlsx' | 'csv', filter: what.filter }
                      : { source: 'naikKelas', format: format as 'xlsx' | 'csv', filter: what.filter },
              )
            }
          >
            {t('export.start')}
          </Button>
        </Group>
      )}

      {job.state.phase === 'done' && (
        <Alert color="green" icon={<IconCheck size={18} />} title={t('export.done')} data-testid={`${prefix}-done`} withCloseButton onClose={job.reset}>
          <Text size="sm">
            {isList(what)
              ? t('planningExport.exportDone', { rows: formatNumber(job.state.result.sites, language) })
              : t('export.doneCounts', {
                  visits: formatNumber(job.state.result.visits, language),
                  sites: formatNumber(job.state.result.sites, language),
                })}
          </Text>
          <List size="sm" mt={4}>
            {job.state.result.files.map((f) => (
              <List.Item key={f.path}>
                <Code data-testid="export-file">{f.path}</Code>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {job.state.phase === 'cancelled' && (
        <Alert color="gray" data-testid={`${prefix}-cancelled`} withCloseButton onClose={job.reset}>
          {t('export.cancelled')}
        </Alert>
      )}
      {job.state.phase === 'failed' && (
        <Alert color="red" role="alert" title={t('export.failed')} withCloseButton onClose={job.reset}>
          {job.state.message}
        </Alert>
      )}
    </Stack>
  );
}
