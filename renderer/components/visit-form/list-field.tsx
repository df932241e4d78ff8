import { ActionIcon, Box, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getPath } from '../../lib/visit-form-values';
import { useVisitForm } from './fields';

/**
 * A list of rows at `path` (raw materials, machines, recommendations…). `renderRow` draws the
 * fields of row `i` with paths like `${path}.${i}.name`.
 */
export function ListField({
  path,
  label,
  addLabel,
  emptyRow,
  renderRow,
}: {
  path: string;
  label: string;
  addLabel: string;
  emptyRow: Record<string, unknown>;
  renderRow: (rowPath: string, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const { values, errors, set, readOnly } = useVisitForm();
  const rows = getPath(values, path);
  const list = Array.isArray(rows) ? (rows as unknown[]) : [];
  // After "Tambah …", the new row's first field takes the focus: the officer types on.
  const rowsRef = useRef<HTMLDivElement>(null);
  const added = useRef<number | null>(null);
  useEffect(() => {
    if (added.current === null) return;
    rowsRef.current?.querySelectorAll('[data-list-row]')[added.current]?.querySelector<HTMLElement>('input:not([type=hidden]), textarea')?.focus();
    added.current = null;
  }, [list.length]);
  return (
    <Box>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      <Stack gap="xs" ref={rowsRef}>
        {list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('visitForm.noRows')}
          </Text>
        )}
        {list.map((_, i) => (
          <Group key={i} align="flex-start" wrap="nowrap" gap="xs" data-list-row>
            <Box style={{ flex: 1 }}>{renderRow(`${path}.${i}`, i)}</Box>
            {!readOnly && (
              <ActionIcon
                variant="subtle"
                color="red"
                // Level with the inputs: only the first row carries labels.
                mt={i === 0 ? 26 : 4}
                aria-label={t('visitForm.removeRow', { label, n: i + 1 })}
                onClick={() => set(path, list.filter((__, j) => j !== i))}
              >
                <IconTrash size={18} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {errors[path] && (
          <Text size="xs" c="red.7">
            {errors[path]}
          </Text>
        )}
        {!readOnly && (
          <Group>
            <Button variant="light" size="xs" leftSection={<IconPlus size={16} />} onClick={() => {
                set(path, [...list, { ...emptyRow }]);
                added.current = list.length;
              }}
            >
              {addLabel}
            </Button>
          </Group>
        )}
      </Stack>
    </Box>
  );
}
