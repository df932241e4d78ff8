import { useState } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, Modal, Radio, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconCheck, IconGitMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MERGE_FIELDS, type DuplicatePair, type MergeField, type Result, type Site } from '../../db/model';
import { hrefOf } from '../app/route';
import { useReference } from '../app/reference';
import { useSession } from '../app/session';
import { errorMessage, unwrap, useApiData } from '../lib/api';
import { formatCoordinate, formatNumber } from '../lib/format';

type Side = 'a' | 'b';
const other = (side: Side): Side => (side === 'a' ? 'b' : 'a');

/** The label key of each field the comparison shows. */
const FIELD_LABEL: Record<MergeField, string> = {
  name: 'site.name',
  ownerName: 'site.ownerName',
  phone: 'site.phone',
  email: 'site.email',
  address: 'site.address',
  villageCode: 'site.village',
  coordinates: 'site.coordinate',
  kbliCode: 'site.kbli',
  products: 'site.products',
  legalForm: 'site.legalForm',
  nib: 'site.nib',
  certificates: 'site.certificates',
  workers: 'site.workers',
  operatingStatus: 'site.operatingStatus',
  yearEstablished: 'site.yearEstablished',
  notes: 'site.notes',
};

/** A site's value of one field in words ('' when it has none). */
function useFieldText() {
  const { language } = useSession();
  const { catalog, label } = useReference();
  return (site: Site, field: MergeField): string => {
    switch (field) {
      case 'villageCode':
        return `${site.villageName}, ${site.districtName}, ${site.regencyName}`;
      case 'coordinates':
        return site.latitude !== null && site.longitude !== null ? `${formatCoordinate(site.latitude, language)}; ${formatCoordinate(site.longitude, language)}` : '';
      case 'kbliCode':
        return `${site.kbliCode} · ${label(catalog.kbli, site.kbliDivision)}`;
      case 'legalForm':
        return site.legalForm ? label(catalog.legalForms, site.legalForm) : '';
      case 'certificates':
        return site.certificates.map((c) => label(catalog.certificateKinds, c)).join(', ');
      case 'workers':
        return site.workers === null ? '' : formatNumber(site.workers, language);
      case 'operatingStatus':
        return label(catalog.operatingStatuses, site.operatingStatus);
      case 'yearEstablished':
        return site.yearEstablished === null ? '' : String(site.yearEstablished);
      default:
        return site[field] ?? '';
    }
  };
}

/** Per field, the side whose value is kept: the survivor's, unless it has none and the other has one. */
function defaultChoices(texts: Record<MergeField, [string, string]>, survivor: Side): Record<MergeField, Side> {
  const index = (side: Side) => (side === 'a' ? 0 : 1);
  return Object.fromEntries(
    MERGE_FIELDS.map((f) => [f, texts[f][index(survivor)] === '' && texts[f][index(other(survivor))] !== '' ? other(survivor) : survivor]),
  ) as Record<MergeField, Side>;
}

/** Both registrations in full. */
async function loadPair(pair: DuplicatePair): Promise<Result<{ a: Site; b: Site }>> {
  const [a, b] = await Promise.all([window.ikm.site.get({ id: pair.a.id }), window.ikm.site.get({ id: pair.b.id })]);
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: true, value: { a: a.value, b: b.value } };
}

/**
 * Two likely duplicates side by side: the person chooses the registration that stays and, per
 * field that differs, the value to keep; confirms; and sees the result with a link to the survivor.
 */
export function MergeDialog({ pair, onClose, onMerged }: { pair: DuplicatePair; onClose: () => void; onMerged: () => void }) {
  const { t } = useTranslation();
  const sites = useApiData(() => loadPair(pair), `merge:${pair.a.id}:${pair.b.id}`);
  return (
    <Modal
      opened
      onClose={onClose}
      size={960}
      title={<Text fw={600}>{t('merge.dialogTitle')}</Text>}
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="merge-dialog"
    >
      {sites.error && <Alert color="red">{sites.error}</Alert>}
      {!sites.data ? (
        !sites.error && (
          <Center h={160}>
            <Loader aria-label={t('common.loading')} />
          </Center>
        )
      ) : (
        <MergeSteps pair={pair} a={sites.data.a} b={sites.data.b} onClose={onClose} onMerged={onMerged} />
      )}
    </Modal>
  );
}

function MergeSteps({ pair, a, b, onClose, onMerged }: { pair: DuplicatePair; a: Site; b: Site; onClose: () => void; onMerged: () => void }) {
  const { t } = useTranslation();
  const fieldText = useFieldText();
  const bySide = { a, b };
  const visits = { a: pair.a.visits, b: pair.b.visits };
  const texts = Object.fromEntries(MERGE_FIELDS.map((f) => [f, [fieldText(a, f), fieldText(b, f)]])) as Record<MergeField, [string, string]>;
  // The registration with more visits stays unless the person says otherwise.
  const [survivor, setSurvivor] = useState<Side>(pair.b.visits > pair.a.visits ? 'b' : 'a');
  const [choices, setChoices] = useState(() => defaultChoices(texts, survivor));
  const [step, setStep] = useState<'compare' | 'confirm' | 'done'>('compare');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const differs = (f: MergeField) => texts[f][0] !== texts[f][1];
  const taken = MERGE_FIELDS.filter((f) => differs(f) && choices[f] !== survivor);
  const kept = bySide[survivor];
  const gone = bySide[other(survivor)];
  // The name the survivor will carry after the merge.
  const keptName = choices.name === survivor || !differs('name') ? kept.name : gone.name;

  function chooseSurvivor(side: Side) {
    setSurvivor(side);
    setChoices(defaultChoices(texts, side));
  }

  async function merge() {
    setBusy(true);
    setFailure(null);
    try {
      await unwrap(window.ikm.site.merge({ survivorId: kept.id, loserId: gone.id, takeFromLoser: taken }));
      setStep('done');
      onMerged();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  if (step === 'done') {
    return (
      <Stack gap="md">
        <Alert color="teal" icon={<IconCheck size={18} />} title={t('merge.doneTitle')} role="status" data-testid="merge-result">
          {t('merge.done', { loser: gone.name, survivor: keptName })}
        </Alert>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('merge.close')}
          </Button>
          <Button component="a" href={hrefOf({ page: 'site', id: kept.id })} onClick={onClose} data-autofocus>
            {t('merge.openSurvivor', { name: keptName })}
          </Button>
        </Group>
      </Stack>
    );
  }

  if (step === 'confirm') {
    const fields = taken.map((f) => t(FIELD_LABEL[f])).join(', ');
    return (
      <Stack gap="md" data-testid="merge-confirm">
        <Text fw={600}>{t('merge.confirmTitle', { loser: gone.name, survivor: keptName })}</Text>
        <Text size="sm">{t('merge.confirmWhat', { loser: gone.name, survivor: keptName, count: visits[other(survivor)] })}</Text>
        <Text size="sm">{taken.length ? t('merge.confirmTaken', { loser: gone.name, fields }) : t('merge.confirmNoneTaken', { survivor: keptName })}</Text>
        <Text size="sm" c="dimmed">
          {t('merge.confirmUndo', { loser: gone.name })}
        </Text>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => setStep('compare')} data-autofocus>
            {t('merge.back')}
          </Button>
          <Button leftSection={<IconGitMerge size={16} />} onClick={() => void merge()} loading={busy}>
            {t('merge.confirm')}
          </Button>
        </Group>
      </Stack>
    );
  }

  const header = (side: Side) => (
    <Table.Th key={side} w="40%">
      <Radio
        name="merge-survivor"
        checked={survivor === side}
        onChange={() => chooseSurvivor(side)}
        aria-label={t('merge.chooseSurvivor', { name: bySide[side].name })}
        label={
          <Stack gap={2}>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {bySide[side].name}
            </Text>
            <Group gap={6}>
              <Badge size="sm" variant="light" color={survivor === side ? 'teal' : 'gray'}>
                {survivor === side ? t('merge.keepThis') : t('merge.mergedAway')}
              </Badge>
              <Text size="xs" c="dimmed">
                {t('merge.visits', { count: visits[side] })}
              </Text>
            </Group>
          </Stack>
        }
      />
    </Table.Th>
  );
  const cell = (field: MergeField, side: Side) => {
    const text = texts[field][side === 'a' ? 0 : 1] || t('merge.empty');
    if (!differs(field)) {
      return (
        <Table.Td key={side} c="dimmed">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {text}
          </Text>
        </Table.Td>
      );
    }
    const chosen = choices[field] === side;
    return (
      <Table.Td key={side} bg={chosen ? 'var(--mantine-color-teal-light)' : undefined}>
        <Radio
          name={`merge-field-${field}`}
          checked={chosen}
          onChange={() => setChoices((c) => ({ ...c, [field]: side }))}
          aria-label={t('merge.chooseValue', { field: t(FIELD_LABEL[field]), name: bySide[side].name })}
          label={
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {text}
            </Text>
          }
        />
      </Table.Td>
    );
  };

  return (
    <Stack gap="md" data-testid="merge-compare">
      <Text size="sm">{t('merge.compareLead')}</Text>
      <Table withTableBorder withColumnBorders verticalSpacing={6} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="20%">{t('merge.field')}</Table.Th>
            {header('a')}
            {header('b')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {MERGE_FIELDS.map((field) => (
            <Table.Tr key={field} data-field={field}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {t(FIELD_LABEL[field])}
                </Text>
                {!differs(field) && (
                  <Text size="xs" c="dimmed">
                    {t('merge.same')}
                  </Text>
                )}
              </Table.Td>
              {cell(field, 'a')}
              {cell(field, 'b')}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => setStep('confirm')}>{t('merge.next')}</Button>
      </Group>
    </Stack>
  );
}
