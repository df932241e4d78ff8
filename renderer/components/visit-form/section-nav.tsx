import { Box, Group, Paper, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { VISIT_SECTIONS, type VisitKind, type VisitProgress, type VisitSectionId } from '../../../db/model';

/** The form's sections with what each still lacks (the core's progress); a click goes to the section. */
export function SectionNav({
  kind,
  progress,
  active,
  onGo,
}: {
  kind: VisitKind;
  progress: VisitProgress;
  active: VisitSectionId;
  onGo: (id: VisitSectionId) => void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" style={{ position: 'sticky', top: 72 }}>
      <Stack gap={6}>
        <Text size="sm" fw={600} data-testid="completeness">
          {t('visitForm.completeness', { done: progress.done, total: progress.total })}
        </Text>
        <Progress value={(progress.done / progress.total) * 100} size="sm" color="teal" />
        <Box component="nav" aria-label={t('visitForm.sections')}>
          <Stack gap={2} mt={4}>
            {VISIT_SECTIONS.map((id, index) => (
              <UnstyledButton
                key={id}
                onClick={() => onGo(id)}
                onKeyDown={(e) => {
                  // Up/Down move between sections in the list itself.
                  const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
                  if (!step) return;
                  e.preventDefault();
                  const buttons = e.currentTarget.parentElement?.querySelectorAll<HTMLElement>('button');
                  buttons?.[(index + step + VISIT_SECTIONS.length) % VISIT_SECTIONS.length]?.focus();
                }}
                aria-current={active === id ? 'true' : undefined}
                data-testid={`section-link-${id}`}
                p={6}
                style={{ borderRadius: 6, background: active === id ? 'var(--mantine-color-blue-light)' : undefined }}
              >
                <Group gap={8} wrap="nowrap">
                  {progress.sections[id] ? (
                    <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-label={t('visitForm.sectionDone')} />
                  ) : (
                    <IconCircleDashed size={18} color="var(--mantine-color-gray-5)" aria-label={t('visitForm.sectionOpen')} />
                  )}
                  <Text size="sm">{id === 'kind' ? t(`visitForm.kindSection.${kind}`) : t(`visitForm.section.${id}`)}</Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </Box>
      </Stack>
    </Paper>
  );
}
