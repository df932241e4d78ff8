import { Box, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowRight, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { attachmentChangeOf, describeChange, type Visit } from '../../../db/model';
import { useSession } from '../../app/session';
import { useChangeWords } from '../../lib/change-words';
import { formatDateTime } from '../../lib/format';

/** Who changed the final visit, when, why, and each field's label with its old and new value. */
export function RevisionsPanel({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const words = useChangeWords();
  return (
    <Paper component="section" withBorder radius="md" p="md" aria-label={t('visitForm.history')}>
      <Group gap="xs" mb="sm">
        <IconHistory size={18} />
        <Title order={3} size="h5">
          {t('visitForm.history')}
        </Title>
      </Group>
      <Stack gap="md">
        {[...visit.revisions].reverse().map((r) => {
          const attachment = attachmentChangeOf(r.fieldChanges);
          return (
            <Box key={r.revision} data-testid="revision">
              <Text size="sm" fw={500}>
                {t('visitForm.revisionLine', { n: r.revision, who: r.changedBy, when: formatDateTime(r.changedAt, language) })}
              </Text>
              {attachment ? (
                <Text size="sm">
                  {attachment.added
                    ? t('visitForm.attachmentAdded', { name: attachment.added })
                    : t('visitForm.attachmentRemoved', { name: attachment.removed ?? '' })}
                </Text>
              ) : (
                <>
                  <Text size="sm">{t('visitForm.revisionReason', { reason: r.reason })}</Text>
                  <Table fz="sm" mt={4} verticalSpacing={4} withTableBorder layout="fixed" data-testid="revision-changes">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w="30%">{t('visitForm.changeField')}</Table.Th>
                        <Table.Th>{t('visitForm.changeBefore')}</Table.Th>
                        <Table.Th w={28} aria-hidden />
                        <Table.Th>{t('visitForm.changeAfter')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.fieldChanges.map((change) => {
                        const c = describeChange(change, words);
                        return (
                          <Table.Tr key={c.path} data-testid="revision-change">
                            <Table.Td fw={500}>{c.label}</Table.Td>
                            <Table.Td c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                              {c.before}
                            </Table.Td>
                            <Table.Td aria-hidden>
                              <IconArrowRight size={14} color="var(--mantine-color-gray-6)" />
                            </Table.Td>
                            <Table.Td style={{ overflowWrap: 'anywhere' }}>{c.after}</Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </>
              )}
            </Box>
          );
        })}
      </Stack>
    </Paper>
  );
}
