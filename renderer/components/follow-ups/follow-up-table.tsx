import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Modal, SegmentedControl, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_STATUSES, type FollowUp, type FollowUpStatus } from '../../../db/model';
import { hrefOf } from '../../app/route';
import { useSession } from '../../app/session';
import { errorMessage, unwrap } from '../../lib/api';
import { formatVisitDateShort, visitHref } from '../visit-log/visit-badges';

const STATUS_COLORS: Record<FollowUpStatus, string> = { open: 'blue', done: 'teal', dropped: 'gray' };

export function FollowUpStatusBadge({ status }: { status: FollowUpStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm" tt="none" data-testid="follow-up-status">
      {t(`followUps.statuses.${status}`)}
    </Badge>
  );
}

/**
 * Follow-ups as a table: due date (overdue ones marked red), the recommendation and its action,
 * the site and visit, who is responsible, the status, and "Ubah" to mark it done or dropped.
 */
export function FollowUpTable({ items, showSite = true, onChanged }: { items: FollowUp[]; showSite?: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [editing, setEditing] = useState<FollowUp | null>(null);
  return (
    <>
      <Table verticalSpacing={6} fz="sm" highlightOnHover withTableBorder layout="fixed" data-testid="follow-up-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>{t('followUps.due')}</Table.Th>
            <Table.Th>{t('followUps.recommendation')}</Table.Th>
            {showSite && <Table.Th w="22%">{t('followUps.site')}</Table.Th>}
            <Table.Th w="16%">{t('followUps.responsible')}</Table.Th>
            <Table.Th w={130}>{t('followUps.status')}</Table.Th>
            <Table.Th w={92} aria-label={t('followUps.edit')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((f) => (
            <Table.Tr key={`${f.visitId}:${f.key}`} bg={f.overdue ? 'var(--mantine-color-red-light)' : undefined} data-testid="follow-up-row" data-overdue={f.overdue || undefined}>
              <Table.Td>
                {f.dueDate ? (
                  <Group gap={4} wrap="nowrap">
                    {f.overdue && <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" aria-hidden />}
                    <Text size="sm" c={f.overdue ? 'red.8' : undefined} fw={f.overdue ? 600 : undefined}>
                      {formatVisitDateShort(f.dueDate, language)}
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('followUps.noDue')}
                  </Text>
                )}
                {f.overdue && (
                  <Text size="xs" c="red.8" fw={600}>
                    {t('followUps.overdue')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Text size="sm" fw={500}>
                  {f.text}
                </Text>
                {f.action && (
                  <Text size="xs" c="dimmed">
                    {t('followUps.action', { action: f.action })}
                  </Text>
                )}
                {f.note && (
                  <Text size="xs" c="dimmed" fs="italic">
                    {t('followUps.noteLine', { note: f.note })}
                  </Text>
                )}
              </Table.Td>
              {showSite && (
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Anchor href={hrefOf({ page: 'site', id: f.siteId })} size="sm" fw={500}>
                    {f.siteName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {f.regencyName} ·{' '}
                    <Anchor href={visitHref(f.visitId)} size="xs">
                      {f.visitNumber}
                    </Anchor>
                  </Text>
                </Table.Td>
              )}
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{f.responsible || '—'}</Table.Td>
              <Table.Td>
                <FollowUpStatusBadge status={f.status} />
              </Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="default" leftSection={<IconPencil size={14} />} onClick={() => setEditing(f)} aria-label={t('followUps.editOf', { text: f.text })}>
                  {t('followUps.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <FollowUpDialog
        key={editing ? `${editing.visitId}:${editing.key}` : 'none'}
        followUp={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          onChanged();
        }}
      />
    </>
  );
}

/** Marks one follow-up done, dropped or open again, with who is responsible and a note. */
function FollowUpDialog({ followUp, onClose, onSaved }: { followUp: FollowUp | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<FollowUpStatus>(followUp?.status === 'open' ? 'done' : (followUp?.status ?? 'done'));
  const [responsible, setResponsible] = useState(followUp?.responsible ?? '');
  const [note, setNote] = useState(followUp?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function save() {
    if (!followUp) return;
    setBusy(true);
    setFailure(null);
    try {
      await unwrap(window.ikm.followUp.set({ visitId: followUp.visitId, key: followUp.key, status, responsible, note }));
      onSaved();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={followUp !== null} onClose={onClose} title={<Text fw={600}>{t('followUps.dialogTitle')}</Text>} size="lg">
      {followUp && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack gap="sm">
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {followUp.text}
            </Text>
            <SegmentedControl
              aria-label={t('followUps.status')}
              value={status}
              onChange={(v) => setStatus(v as FollowUpStatus)}
              data={FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: t(`followUps.statuses.${s}`) }))}
            />
            <TextInput label={t('followUps.responsible')} maxLength={120} value={responsible} onChange={(e) => setResponsible(e.currentTarget.value)} />
            <Textarea label={t('followUps.note')} autosize minRows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            {failure && (
              <Alert color="red" role="alert" py="xs">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('followUps.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
