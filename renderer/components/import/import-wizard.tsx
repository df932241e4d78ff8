import { useMemo, useState } from 'react';
import {
  Alert, Badge, Button, Checkbox, Code, FileButton, Group, NativeSelect, Pagination, Paper, Progress, SegmentedControl, Stack, Stepper, Table, Text, Title,
} from '@mantine/core';
import { IconCheck, IconFileImport, IconFileSpreadsheet, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_FIELDS, IMPORT_LIMITS, importFieldLabel, importProblemKey, type DuplicateAction, type ImportField, type ImportOpened, type ImportPreview, type ImportResult,
  type ImportRowResult, type ImportRowStatus,
} from '../../../db/model';
import { useSession } from '../../app/session';
import { errorMessage, unwrap } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { useJob } from '../../lib/use-job';

const PAGE_SIZE = 50;
type Show = 'all' | ImportRowStatus;
const STATUS_COLORS: Record<ImportRowStatus, string> = { ok: 'green', error: 'red', duplicate: 'yellow' };

/**
 * The Impor wizard: choose a site list (XLSX or CSV), map its columns to fields (suggested from
 * the header, or remembered), preview every row as the core checks it, decide per duplicate, and
 * import the accepted rows as one job with progress. The core keeps the file between steps.
 */
export function ImportWizard() {
  const { t } = useTranslation();
  const { language } = useSession();
  const [file, setFile] = useState<ImportOpened | null>(null);
  const [mapping, setMapping] = useState<(ImportField | null)[]>([]);
  // The officer's word that the unmapped columns are meant to stay out; asked again when they change.
  const [unmappedConfirmed, setUnmappedConfirmed] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [fallback, setFallback] = useState<DuplicateAction>('skip');
  const [decisions, setDecisions] = useState<Record<number, DuplicateAction>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reportPath, setReportPath] = useState<string | null>(null);
  const job = useJob<ImportResult>();
  const n = (value: number) => formatNumber(value, language);

  const step = job.state.phase === 'done' ? 4 : job.state.phase !== 'idle' ? 3 : preview ? 2 : file ? 1 : 0;

  function restart() {
    setFile(null);
    setPreview(null);
    setMapping([]);
    setUnmappedConfirmed(false);
    setDecisions({});
    setFallback('skip');
    setError(null);
    setReportPath(null);
    job.reset();
  }

  async function choose(chosen: File | null) {
    if (!chosen) return;
    restart();
    const extension = chosen.name.toLowerCase().split('.').pop() ?? '';
    if (!['xlsx', 'csv', 'txt'].includes(extension)) return setError(t('import.wrongType'));
    // The size is checked before the file is read: a 2 GB file never reaches memory.
    const max = extension === 'xlsx' ? IMPORT_LIMITS.xlsxBytes : IMPORT_LIMITS.csvBytes;
    if (chosen.size > max) {
      return setError(t('import.tooBig', { name: chosen.name, size: n(Math.ceil(chosen.size / 1024 / 1024)), max: n(max / 1024 / 1024) }));
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      const opened = await unwrap(window.ikm.import.open({ fileName: chosen.name, bytes }));
      setFile(opened);
      setMapping(opened.mapping);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function chooseHeader(line: number) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const opened = await unwrap(window.ikm.import.header({ id: file.id, line }));
      setFile(opened);
      setMapping(opened.mapping);
      setUnmappedConfirmed(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  /** The officer's fix of a cell (a suggested area name), in every row that has the same text. */
  async function fixCell(line: number, column: number, value: string) {
    if (!file) return;
    setError(null);
    try {
      setPreview(await unwrap(window.ikm.import.editCell({ id: file.id, mapping, line, column, value, everyRow: true })));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function check() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await unwrap(window.ikm.import.preview({ id: file.id, mapping })));
      setDecisions({});
      setReportPath(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function saveReport() {
    if (!file) return;
    setError(null);
    try {
      const saved = await unwrap(window.ikm.import.saveReport({ id: file.id, mapping }));
      if (saved) setReportPath(saved.path);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  // Every column of the file is either mapped or listed here as not imported, never dropped unsaid.
  const unmapped = file ? file.headers.flatMap((header, i) => (mapping[i] ? [] : [header || t('import.untitled', { n: i + 1 })])) : [];
  const canCheck = mapping.includes('name') && (unmapped.length === 0 || unmappedConfirmed);

  const decisionOf = (line: number): DuplicateAction => decisions[line] ?? fallback;
  const plan = useMemo(() => {
    const rows = preview?.rows ?? [];
    const decided = (action: DuplicateAction) => rows.filter((r) => r.status === 'duplicate' && (decisions[r.line] ?? fallback) === action).length;
    const merge = decided('merge');
    const add = decided('add');
    return { add: (preview?.counts.ok ?? 0) + add, merge, skip: (preview?.counts.duplicate ?? 0) - merge - add };
  }, [preview, decisions, fallback]);

  function start() {
    if (!file) return;
    const overrides = Object.fromEntries(Object.entries(decisions).filter(([, action]) => action !== fallback));
    void job.start(() => window.ikm.import.start({ id: file.id, mapping, duplicates: fallback, decisions: overrides }));
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="import-title">
      <Title order={3} size="h4" id="import-title" mb={4}>
        {t('import.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('import.lead')}
      </Text>
      <Stepper active={step} size="sm" allowNextStepsSelect={false} mb="md">
        <Stepper.Step label={t('import.steps.file')} />
        <Stepper.Step label={t('import.steps.map')} />
        <Stepper.Step label={t('import.steps.preview')} />
        <Stepper.Step label={t('import.steps.import')} />
      </Stepper>

      {error && (
        <Alert color="red" role="alert" mb="sm" withCloseButton onClose={() => setError(null)} closeButtonLabel={t('import.closeMessage')}>
          {error}
        </Alert>
      )}

      {step === 0 && (
        <Stack gap="xs" align="flex-start">
          <FileButton onChange={(f) => void choose(f)} accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv">
            {(props) => (
              <Button {...props} leftSection={<IconFileSpreadsheet size={18} />} loading={busy}>
                {t('import.choose')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            {t('import.limits', { xlsx: n(IMPORT_LIMITS.xlsxBytes / 1024 / 1024), csv: n(IMPORT_LIMITS.csvBytes / 1024 / 1024), rows: n(IMPORT_LIMITS.rows) })}
          </Text>
        </Stack>
      )}

      {file && step === 1 && (
        <Stack gap="sm">
          <Text size="sm" data-testid="import-file">
            {t('import.fileInfo', { name: file.fileName, rows: n(file.rowCount), columns: n(file.headers.length) })}
          </Text>
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <NativeSelect
              label={t('import.headerRow')}
              value={String(file.headerLine)}
              onChange={(e) => void chooseHeader(Number(e.currentTarget.value))}
              data={file.headerChoices.map((c) => ({ value: String(c.line), label: t('import.headerRowOption', { line: c.line, text: c.text }) }))}
              disabled={busy}
              style={{ flex: '0 1 560px', minWidth: 0 }}
              data-testid="import-header-row"
            />
            <Text size="xs" c="dimmed" pb={6}>
              {file.headerLine > (file.headerChoices[0]?.line ?? 1) ? `${t('import.headerRowHint')} ` : ''}
              {file.headerRows === 2 ? t('import.headerRowTwo') : ''}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {file.remembered ? t('import.remembered') : t('import.suggested')}
          </Text>
          <Table striped withTableBorder verticalSpacing={4} aria-label={t('import.mappingTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.column')}</Table.Th>
                <Table.Th>{t('import.example')}</Table.Th>
                <Table.Th w={260}>{t('import.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {file.headers.map((header, i) => (
                <Table.Tr key={i}>
                  <Table.Td fw={500}>{header || t('import.untitled', { n: i + 1 })}</Table.Td>
                  <Table.Td c="dimmed" style={{ maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {file.sample.map((r) => r[i]).filter(Boolean).slice(0, 2).join(' · ')}
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      size="xs"
                      aria-label={t('import.targetOf', { column: header || i + 1 })}
                      value={mapping[i] ?? ''}
                      onChange={(e) => {
                        const field = (e.currentTarget.value || null) as ImportField | null;
                        // A field comes from one column: choosing it here frees it elsewhere.
                        setMapping((m) => m.map((f, j) => (j === i ? field : f === field ? null : f)));
                        setUnmappedConfirmed(false);
                      }}
                      data={[{ value: '', label: t('import.notImported') }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: t(`import.fields.${f}`) }))]}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {!mapping.includes('name') && (
            <Text size="sm" c="red">
              {t('import.needName')}
            </Text>
          )}
          {unmapped.length > 0 && (
            <Alert color="yellow" title={t('import.unmappedTitle', { count: unmapped.length })} data-testid="import-unmapped">
              <Stack gap="xs">
                <Text size="sm">{t('import.unmappedLead')}</Text>
                <Group gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('import.unmappedTitle', { count: unmapped.length })}>
                  {unmapped.map((name, i) => (
                    <Badge key={i} component="li" color="gray" variant="light" tt="none" size="lg">
                      {name}
                    </Badge>
                  ))}
                </Group>
                <Checkbox
                  label={t('import.unmappedConfirm')}
                  checked={unmappedConfirmed}
                  onChange={(e) => setUnmappedConfirmed(e.currentTarget.checked)}
                />
              </Stack>
            </Alert>
          )}
          {mapping.includes('name') && !canCheck && (
            <Text size="sm" c="dimmed">
              {t('import.unmappedNeedConfirm')}
            </Text>
          )}
          <Group>
            <Button onClick={() => void check()} loading={busy} disabled={!canCheck}>
              {t('import.check')}
            </Button>
            <Button variant="default" onClick={restart}>
              {t('import.otherFile')}
            </Button>
          </Group>
        </Stack>
      )}

      {preview && step === 2 && (
        <PreviewStep
          preview={preview}
          decisionOf={decisionOf}
          onDecide={(line, action) => setDecisions((d) => ({ ...d, [line]: action }))}
          onDecideAll={(action) => {
            setFallback(action);
            setDecisions({});
          }}
          plan={plan}
          reportPath={reportPath}
          onSaveReport={() => void saveReport()}
          onBack={() => setPreview(null)}
          onStart={start}
          mapping={mapping}
          onFix={(line, column, value) => void fixCell(line, column, value)}
        />
      )}

      {step >= 3 && (
        <Stack gap="sm">
          {job.state.phase === 'running' && (
            <Stack gap={6} data-testid="import-progress">
              <Group justify="space-between">
                <Text size="sm" aria-live="polite">
                  {job.state.cancelling
                    ? t('import.cancelling')
                    : t(`import.phase.${job.state.progress.phase || 'start'}`, {
                        done: n(job.state.progress.done),
                        total: n(job.state.progress.total ?? 0),
                      })}
                </Text>
                <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={job.cancel} disabled={job.state.cancelling}>
                  {t('common.cancel')}
                </Button>
              </Group>
              <Progress
                value={job.state.progress.total ? (100 * job.state.progress.done) / job.state.progress.total : 0}
                aria-label={t('import.progress')}
                animated
              />
            </Stack>
          )}
          {job.state.phase === 'done' && (
            <Alert color="green" icon={<IconCheck size={18} />} title={t('import.done')} data-testid="import-done">
              {t('import.doneCounts', {
                added: n(job.state.result.added),
                merged: n(job.state.result.merged),
                skipped: n(job.state.result.skipped),
                errors: n(job.state.result.errors),
              })}
            </Alert>
          )}
          {job.state.phase === 'cancelled' && (
            <Alert color="gray" data-testid="import-cancelled">
              {t('import.cancelled')}
            </Alert>
          )}
          {job.state.phase === 'failed' && (
            <Alert color="red" role="alert" title={t('import.failed')}>
              {job.state.message}
            </Alert>
          )}
          {job.state.phase !== 'running' && (
            <Group>
              <Button variant="default" leftSection={<IconFileImport size={18} />} onClick={restart}>
                {t('import.again')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}

interface PreviewStepProps {
  preview: ImportPreview;
  decisionOf: (line: number) => DuplicateAction;
  onDecide: (line: number, action: DuplicateAction) => void;
  onDecideAll: (action: DuplicateAction) => void;
  plan: { add: number; merge: number; skip: number };
  reportPath: string | null;
  onSaveReport: () => void;
  onBack: () => void;
  onStart: () => void;
  mapping: (ImportField | null)[];
  onFix: (line: number, column: number, value: string) => void;
}

/** The core's report: counts, every row (paged) with what is wrong, and a skip/merge choice per duplicate. */
function PreviewStep({ preview, decisionOf, onDecide, onDecideAll, plan, reportPath, onSaveReport, onBack, onStart, mapping, onFix }: PreviewStepProps) {
  const { t } = useTranslation();
  const { language } = useSession();
  const n = (value: number) => formatNumber(value, language);
  const [show, setShow] = useState<Show>(preview.counts.error || preview.counts.duplicate ? (preview.counts.error ? 'error' : 'duplicate') : 'all');
  const [page, setPage] = useState(1);
  const rows = show === 'all' ? preview.rows : preview.rows.filter((r) => r.status === show);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const visible = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  // The skip/merge column only where a duplicate is listed: otherwise it is empty width the
  // messages need (at 1366 px they wrapped beside a blank column).
  const withActions = visible.some((r) => r.status === 'duplicate');

  // Each problem from its code, its column's label and its params, as the core reported them.
  const say = (p: ImportRowResult['problems'][number]) => t(importProblemKey(p.code), { ...p.params, label: importFieldLabel(p.field, language) });
  const detail = (row: ImportRowResult) => row.problems.map(say).join('; ');
  // What a merge would fill, field by field, so "Gabungkan" is chosen knowing what it changes.
  const changes = (row: ImportRowResult) =>
    row.mergeChanges?.length
      ? t('import.mergeChanges', { changes: row.mergeChanges.map((c) => `${importFieldLabel(c.field, language)} ${c.value}`).join('; ') })
      : t('import.mergeNothing');
  // A misspelt area name with a near real one: the officer puts it in, in every row that has it.
  const suggestions = (row: ImportRowResult) =>
    row.problems.flatMap((p) => {
      const column = p.field ? mapping.indexOf(p.field as ImportField) : -1;
      return typeof p.params.suggestion === 'string' && column >= 0 ? [{ column, from: String(p.params.value), value: p.params.suggestion }] : [];
    });

  return (
    <Stack gap="sm">
      <Group gap="xs" data-testid="import-counts">
        {(['ok', 'error', 'duplicate'] as const).map((status) => (
          <Badge key={status} color={STATUS_COLORS[status]} variant="light" size="lg" tt="none" data-testid={`import-count-${status}`}>
            {t(`import.status.${status}`)}: {n(preview.counts[status])}
          </Badge>
        ))}
      </Group>
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          aria-label={t('import.showLabel')}
          value={show}
          onChange={(v) => {
            setShow(v as Show);
            setPage(1);
          }}
          data={(['all', 'error', 'duplicate', 'ok'] as const).map((s) => ({ value: s, label: t(`import.show.${s}`) }))}
        />
        {preview.counts.duplicate > 0 && (
          <Group gap="xs">
            <Text size="sm">{t('import.allDuplicates')}</Text>
            <Button size="xs" variant="default" onClick={() => onDecideAll('skip')}>
              {t('import.skipAll')}
            </Button>
            <Button size="xs" variant="default" onClick={() => onDecideAll('merge')}>
              {t('import.mergeAll')}
            </Button>
            <Button size="xs" variant="default" onClick={() => onDecideAll('add')}>
              {t('import.addAll')}
            </Button>
          </Group>
        )}
      </Group>
      {preview.counts.duplicate > 0 && (
        <Text size="xs" c="dimmed">
          {t('import.mergeHint')}
        </Text>
      )}
      <Table striped withTableBorder verticalSpacing={4} aria-label={t('import.rowsTable')} data-testid="import-rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>{t('import.line')}</Table.Th>
            <Table.Th>{t('import.name')}</Table.Th>
            <Table.Th w={190}>{t('import.statusLabel')}</Table.Th>
            <Table.Th>{t('import.detail')}</Table.Th>
            {withActions && <Table.Th w={260}>{t('import.action')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {visible.map((row) => (
            <Table.Tr key={row.line} data-line={row.line} data-status={row.status}>
              <Table.Td>{row.line}</Table.Td>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLORS[row.status]} variant="light" tt="none" style={{ overflow: 'visible' }}>
                  {t(`import.status.${row.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {row.problems.length > 0 && <Text size="sm">{detail(row)}</Text>}
                  {row.status === 'duplicate' && (
                    <Text size="xs" c={decisionOf(row.line) === 'merge' ? undefined : 'dimmed'} data-testid="import-merge-changes">
                      {changes(row)}
                    </Text>
                  )}
                  {row.notes?.map((note, i) => (
                    <Text key={i} size="xs" c="dimmed" data-testid="import-note">
                      {say(note)}
                    </Text>
                  ))}
                  {suggestions(row).map((s) => (
                    <Button
                      key={s.column}
                      size="compact-xs"
                      variant="light"
                      title={t('import.useSuggestionTitle', { from: s.from, value: s.value })}
                      onClick={() => onFix(row.line, s.column, s.value)}
                      style={{ alignSelf: 'flex-start' }}
                    >
                      {t('import.useSuggestion', { value: s.value })}
                    </Button>
                  ))}
                </Stack>
              </Table.Td>
              {withActions && (
                <Table.Td>
                  {row.status === 'duplicate' && (
                    <SegmentedControl
                      size="xs"
                      aria-label={t('import.actionFor', { line: row.line })}
                      value={decisionOf(row.line)}
                      onChange={(v) => onDecide(row.line, v as DuplicateAction)}
                      data={[
                        { value: 'skip', label: t('import.skip') },
                        { value: 'merge', label: t('import.merge') },
                        { value: 'add', label: <span title={t('import.addTitle')}>{t('import.add')}</span> },
                      ]}
                    />
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" aria-label={t('import.pages')} />}
      {reportPath && (
        <Alert color="blue" data-testid="import-report-saved">
          {t('import.reportSaved')} <Code>{reportPath}</Code>
        </Alert>
      )}
      <Text size="sm" fw={500} data-testid="import-plan">
        {t('import.plan', { add: n(plan.add), merge: n(plan.merge), skip: n(plan.skip), errors: n(preview.counts.error) })}
      </Text>
      <Group>
        <Button leftSection={<IconFileImport size={18} />} onClick={onStart} disabled={plan.add + plan.merge === 0}>
          {t('import.start')}
        </Button>
        {(preview.counts.error > 0 || preview.counts.duplicate > 0) && (
          <Button variant="default" onClick={onSaveReport}>
            {t('import.saveReport')}
          </Button>
        )}
        <Button variant="subtle" onClick={onBack}>
          {t('import.backToMapping')}
        </Button>
      </Group>
    </Stack>
  );
}
