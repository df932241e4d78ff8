import { Checkbox, Group, SegmentedControl, SimpleGrid, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  CONDITIONS,
  ENERGY_SOURCES,
  localDate,
  MARKET_REACHES,
  PROBLEM_KINDS,
  RAW_MATERIAL_ORIGINS,
  type VisitKind,
} from '../../../db/model/visit';
import { useReference } from '../../app/reference';
import { useSession } from '../../app/session';
import { formatNumber } from '../../lib/format';
import { getPath, groupThousands } from '../../lib/visit-form-values';
import { CheckGroupField, DateFormField, KbliField, MultiField, SelectField, TextAreaField, TextField, useVisitForm, VisitSection, type Option } from './fields';
import { ListField } from './list-field';

function useOptions() {
  const { t } = useTranslation();
  const { catalog, label } = useReference();
  const of = (group: string, codes: readonly string[]): Option[] => codes.map((c) => ({ value: c, label: t(`visitForm.options.${group}.${c}`) }));
  return {
    statuses: catalog.operatingStatuses.map((s) => ({ value: s.code, label: label(catalog.operatingStatuses, s.code) })),
    certificates: catalog.certificateKinds.map((c) => ({ value: c.code, label: label(catalog.certificateKinds, c.code) })),
    problems: of('problem', PROBLEM_KINDS),
    origins: of('origin', RAW_MATERIAL_ORIGINS),
    markets: of('market', MARKET_REACHES),
    energy: of('energy', ENERGY_SOURCES),
    conditions: of('condition', CONDITIONS),
    periods: of('period', ['hari', 'minggu', 'bulan', 'tahun']),
    potentials: of('potential', ['tinggi', 'sedang', 'rendah']),
  };
}

/** Date, officers, respondent, operating status and coordinates: every kind has these. */
export function GeneralSection() {
  const { t } = useTranslation();
  const { values, errors, set, readOnly } = useVisitForm();
  const options = useOptions();
  const officers = Array.isArray(values.officers) ? (values.officers as string[]) : [];
  return (
    <VisitSection id="umum" title={t('visitForm.section.umum')}>
      <SimpleGrid cols={2} spacing="sm">
        {/* No future visits: the core refuses them at finalize, the calendar does not offer them. */}
        <DateFormField path="visitDate" label={t('visitForm.visitDate')} required maxDate={localDate(new Date())} />
        <SelectField path="operatingStatus" label={t('visitForm.operatingStatus')} required data={options.statuses} />
      </SimpleGrid>
      <TagsInput
        label={t('visitForm.officers')}
        description={readOnly ? undefined : t('visitForm.officersHint')}
        withAsterisk
        readOnly={readOnly}
        value={officers}
        onChange={(v) => set('officers', v)}
        error={errors.officers ?? errors['officers.0']}
        data-path="officers"
      />
      <SimpleGrid cols={3} spacing="sm">
        <TextField path="respondent.name" label={t('visitForm.respondentName')} required />
        <TextField path="respondent.position" label={t('visitForm.respondentPosition')} />
        <TextField path="respondent.phone" label={t('visitForm.respondentPhone')} type="tel" inputMode="tel" />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="sm">
        <TextField path="latitude" label={t('visitForm.latitude')} inputMode="decimal" placeholder="-0,5021" />
        <TextField path="longitude" label={t('visitForm.longitude')} inputMode="decimal" placeholder="117,1536" />
      </SimpleGrid>
    </VisitSection>
  );
}

function WorkforceFields() {
  const { t } = useTranslation();
  const { language } = useSession();
  const { values, readOnly, siteWorkers } = useVisitForm();
  const parts = ['male', 'female'].map((k) => getPath(values, `workforce.${k}`));
  const total = parts.map((v) => Number(v) || 0).reduce((a, b) => a + b, 0);
  // Nothing counted yet: what the site's record says is the officer's starting point.
  const empty = parts.every((v) => v === null || v === undefined || String(v).trim() === '');
  const known = !readOnly && empty && siteWorkers !== null && siteWorkers !== undefined;
  return (
    <SimpleGrid cols={3} spacing="sm">
      <TextField path="workforce.male" label={t('visitForm.workforceMale')} inputMode="numeric" required />
      <TextField path="workforce.female" label={t('visitForm.workforceFemale')} inputMode="numeric" required />
      {known ? (
        <Stack gap={2} justify="flex-end" data-testid="workforce-known">
          <Text size="sm" c="dimmed">
            {t('visitWorkforce.known')}
          </Text>
          <Text fw={600}>{t('visitWorkforce.people', { count: siteWorkers, formatted: formatNumber(siteWorkers, language) })}</Text>
        </Stack>
      ) : (
        <Stack gap={2} justify="flex-end">
          <Text size="sm" c="dimmed">
            {t('visitForm.workforceTotal')}
          </Text>
          <Text fw={600} data-testid="workforce-total">
            {formatNumber(total, language)}
          </Text>
        </Stack>
      )}
    </SimpleGrid>
  );
}

function IdentifikasiFields() {
  const { t } = useTranslation();
  const options = useOptions();
  return (
    <>
      <SimpleGrid cols={2} spacing="sm">
        <KbliField path="kbliCode" label={t('visitForm.kbli')} required />
        <MultiField path="certificates" label={t('visitForm.certificates')} data={options.certificates} />
      </SimpleGrid>
      <TextAreaField path="products" label={t('visitForm.products')} required />
      <WorkforceFields />
      <SimpleGrid cols={2} spacing="sm">
        <SelectField path="sentraPotential" label={t('visitForm.sentraPotential')} data={options.potentials} clearable />
        <TextField path="sentraNotes" label={t('visitForm.sentraNotes')} />
      </SimpleGrid>
    </>
  );
}

const rupiahProps = { onBlurFormat: groupThousands, unit: 'Rp', inputMode: 'numeric' as const, placeholder: '1.250.000' };

function ProblemsField() {
  const { t } = useTranslation();
  const { values, errors, set, readOnly } = useVisitForm();
  const options = useOptions();
  const problems = Array.isArray(values.problems) ? (values.problems as { kind: string; notes?: string | null }[]) : [];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('visitForm.problems')}
      </Text>
      {readOnly && problems.length === 0 && <span className="ikm-record-empty">—</span>}
      {options.problems.map((o) => {
        const index = problems.findIndex((p) => p.kind === o.value);
        if (readOnly && index < 0) return null;
        return (
          <Group key={o.value} wrap="nowrap" align="center" gap="sm">
            <Checkbox
              w={180}
              label={o.label}
              checked={index >= 0}
              aria-readonly={readOnly || undefined}
              onChange={(e) =>
                !readOnly &&
                set('problems', e.currentTarget.checked ? [...problems, { kind: o.value, notes: '' }] : problems.filter((p) => p.kind !== o.value))
              }
            />
            {index >= 0 && (
              <Textarea
                style={{ flex: 1 }}
                autosize
                minRows={1}
                aria-label={t('visitForm.problemNotes', { problem: o.label })}
                placeholder={t('visitForm.problemNotes', { problem: o.label })}
                readOnly={readOnly}
                value={problems[index].notes ?? ''}
                onChange={(e) => set(`problems.${index}.notes`, e.currentTarget.value)}
                error={errors[`problems.${index}.notes`]}
              />
            )}
          </Group>
        );
      })}
    </Stack>
  );
}

function InventarisasiFields() {
  const { t } = useTranslation();
  const { values, errors, set, readOnly } = useVisitForm();
  const options = useOptions();
  const destinations = Array.isArray(values.exportDestinations) ? (values.exportDestinations as string[]) : [];
  return (
    <>
      <WorkforceFields />
      <SimpleGrid cols={3} spacing="sm">
        <TextField path="capacity.amount" label={t('visitForm.capacityAmount')} inputMode="decimal" required />
        <TextField path="capacity.unit" label={t('visitForm.capacityUnit')} placeholder="kg, liter, potong" required />
        <SelectField path="capacity.period" label={t('visitForm.capacityPeriod')} data={options.periods} required />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="sm">
        <TextField path="productionValueRp" label={t('visitForm.productionValue')} {...rupiahProps} />
        <TextField path="investmentRp" label={t('visitForm.investment')} {...rupiahProps} />
      </SimpleGrid>
      <ListField
        path="rawMaterials"
        label={t('visitForm.rawMaterials')}
        addLabel={t('visitForm.addRawMaterial')}
        emptyRow={{ name: '', origin: 'lokal' }}
        renderRow={(row, i) => (
          <SimpleGrid cols={2} spacing="sm">
            <TextField path={`${row}.name`} label={t('visitForm.rawMaterialName')} row={i} />
            <SelectField path={`${row}.origin`} label={t('visitForm.rawMaterialOrigin')} row={i} data={options.origins} />
          </SimpleGrid>
        )}
      />
      <ListField
        path="machinery"
        label={t('visitForm.machinery')}
        addLabel={t('visitForm.addMachine')}
        emptyRow={{ name: '', count: '1' }}
        renderRow={(row, i) => (
          <SimpleGrid cols={2} spacing="sm">
            <TextField path={`${row}.name`} label={t('visitForm.machineName')} row={i} />
            <TextField path={`${row}.count`} label={t('visitForm.machineCount')} row={i} inputMode="numeric" />
          </SimpleGrid>
        )}
      />
      <CheckGroupField path="energySources" label={t('visitForm.energySources')} data={options.energy} />
      <CheckGroupField path="marketReach" label={t('visitForm.marketReach')} data={options.markets} required />
      {(values.marketReach as string[] | undefined)?.includes('ekspor') && (
        <TagsInput
          label={t('visitForm.exportDestinations')}
          description={readOnly ? undefined : t('visitForm.exportHint')}
          readOnly={readOnly}
          value={destinations}
          onChange={(v) => set('exportDestinations', v)}
          error={errors.exportDestinations}
          data-path="exportDestinations"
        />
      )}
      <SimpleGrid cols={2} spacing="sm">
        <MultiField path="certificatesHeld" label={t('visitForm.certificatesHeld')} data={options.certificates} />
        <MultiField path="certificatesWanted" label={t('visitForm.certificatesWanted')} data={options.certificates} />
      </SimpleGrid>
      <ProblemsField />
      <TextAreaField path="assistanceReceived" label={t('visitForm.assistance')} />
    </>
  );
}

function EvaluasiFields() {
  const { t } = useTranslation();
  const { values, errors, set, readOnly } = useVisitForm();
  const options = useOptions();
  return (
    <>
      <DateFormField path="stoppedSince" label={t('visitForm.stoppedSince')} />
      <CheckGroupField path="stopReasons" label={t('visitForm.stopReasons')} data={options.problems} />
      <TextAreaField path="stopNotes" label={t('visitForm.stopNotes')} />
      <SimpleGrid cols={2} spacing="sm">
        <SelectField path="buildingCondition" label={t('visitForm.buildingCondition')} data={options.conditions} required />
        <SelectField path="machineCondition" label={t('visitForm.machineCondition')} data={options.conditions} required />
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="revival-label">
          {t('visitForm.revivalPotential')}{' '}
          <Text span c="red">
            *
          </Text>
        </Text>
        <Text size="xs" c="dimmed">
          {t('visitForm.revivalHint')}
        </Text>
        <SegmentedControl
          aria-labelledby="revival-label"
          w={320}
          readOnly={readOnly}
          data={['1', '2', '3', '4', '5']}
          value={String(values.revivalPotential ?? '')}
          onChange={(v) => set('revivalPotential', v)}
        />
        {errors.revivalPotential && (
          <Text size="xs" c="red.7">
            {errors.revivalPotential}
          </Text>
        )}
      </Stack>
      <TextAreaField path="revivalNotes" label={t('visitForm.revivalNotes')} />
    </>
  );
}

function PembinaanFields() {
  const { t } = useTranslation();
  return (
    <ListField
      path="followUps"
      label={t('visitForm.followUps')}
      addLabel={t('visitForm.addFollowUp')}
      emptyRow={{ recommendation: '', done: false, notes: '' }}
      renderRow={(row, i) => <FollowUpRow row={row} index={i} />}
    />
  );
}

function FollowUpRow({ row, index }: { row: string; index: number }) {
  const { t } = useTranslation();
  const { values, set, readOnly } = useVisitForm();
  return (
    <SimpleGrid cols={3} spacing="sm">
      <TextField path={`${row}.recommendation`} label={t('visitForm.followUpRecommendation')} row={index} />
      <TextField path={`${row}.notes`} label={t('visitForm.followUpNotes')} row={index} />
      <Checkbox
        mt={index === 0 ? 30 : 8}
        label={t('visitForm.followUpDone')}
        aria-label={`${t('visitForm.followUpDone')} ${index + 1}`}
        aria-readonly={readOnly || undefined}
        checked={getPath(values, `${row}.done`) === true}
        onChange={(e) => !readOnly && set(`${row}.done`, e.currentTarget.checked)}
      />
    </SimpleGrid>
  );
}

/** The fields only this kind of visit records. */
export function KindSection({ kind }: { kind: VisitKind }) {
  const { t } = useTranslation();
  return (
    <VisitSection id="kind" title={t(`visitForm.kindSection.${kind}`)}>
      {kind === 'identifikasi' && <IdentifikasiFields />}
      {kind === 'inventarisasi' && <InventarisasiFields />}
      {kind === 'evaluasi' && <EvaluasiFields />}
      {kind === 'pembinaan' && <PembinaanFields />}
    </VisitSection>
  );
}

/** What the officer found and recommends, each recommendation with an action and a due date. */
export function FindingsSection() {
  const { t } = useTranslation();
  return (
    <VisitSection id="temuan" title={t('visitForm.section.temuan')}>
      <TextAreaField path="findings" label={t('visitForm.findings')} />
      <ListField
        path="recommendations"
        label={t('visitForm.recommendations')}
        addLabel={t('visitForm.addRecommendation')}
        emptyRow={{ text: '', action: '', dueDate: '' }}
        renderRow={(row, i) => (
          <SimpleGrid cols={3} spacing="sm">
            <TextField path={`${row}.text`} label={t('visitForm.recommendation')} row={i} />
            <TextField path={`${row}.action`} label={t('visitForm.recommendationAction')} row={i} />
            <DateFormField path={`${row}.dueDate`} label={t('visitForm.recommendationDue')} row={i} />
          </SimpleGrid>
        )}
      />
    </VisitSection>
  );
}
