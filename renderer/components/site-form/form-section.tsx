import { Box, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { FieldErrors } from '../../lib/form-errors';
import type { SiteFormValues } from './site-form-values';

/** What every section of the site form receives. */
export interface SectionProps {
  values: SiteFormValues;
  errors: FieldErrors;
  set: <K extends keyof SiteFormValues>(key: K, value: SiteFormValues[K]) => void;
}

/** A titled card of the form; the heading is also the landmark screen readers jump between. */
export function FormSection({
  title,
  hint,
  children,
  domId,
  dataSection,
}: {
  title: string;
  hint?: string;
  children: ReactNode;
  /** For forms whose section list scrolls to a card. */
  domId?: string;
  dataSection?: string;
}) {
  return (
    <Paper component="section" withBorder radius="md" p="md" aria-label={title} id={domId} data-section={dataSection}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h5">
            {title}
          </Title>
          {hint && (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

/** The bar that stays at the bottom of a long form: what went wrong on the left, the buttons on the right. */
export function FormActionBar({ failure, children }: { failure: string | null; children: ReactNode }) {
  return (
    <Paper withBorder shadow="sm" p="sm" radius="md" style={{ position: 'sticky', bottom: 8, zIndex: 2 }} data-testid="form-action-bar">
      <Group justify="space-between" wrap="nowrap">
        <Box style={{ minWidth: 0 }}>
          {failure && (
            <Text size="sm" c="red.7" role="alert" data-testid="form-failure">
              {failure}
            </Text>
          )}
        </Box>
        <Group gap="sm" wrap="nowrap">
          {children}
        </Group>
      </Group>
    </Paper>
  );
}
