import { Badge, Button, Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHourglassHigh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { navigate, type SoonFeature } from '../app/route';

/** A feature that is planned but not built yet: said plainly rather than hidden from the menu. */
export function ComingSoonPage({ feature: soon }: { feature: SoonFeature }) {
  const { t } = useTranslation();
  // No feature waits at the moment (the type is empty); the page stays for the next one.
  const feature: string = soon;
  return (
    <Center mih="70vh">
      <Paper withBorder radius="lg" p="xl" maw={520}>
        <Stack align="center" gap="sm" ta="center">
          <ThemeIcon size={56} radius="xl" variant="light" color="gray">
            <IconHourglassHigh size={30} />
          </ThemeIcon>
          <Badge variant="light" color="gray">
            {t('soon.badge')}
          </Badge>
          <Title order={2}>{t(`nav.${feature}`)}</Title>
          <Text c="dimmed">{t(`soon.${feature}`)}</Text>
          <Text size="sm" c="dimmed">
            {t('soon.meanwhile')}
          </Text>
          <Button variant="light" mt="xs" onClick={() => navigate({ page: 'sites' })}>
            {t('soon.toSites')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
