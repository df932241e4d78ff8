import { useState } from 'react';
import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuildingFactory2 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Language, Setup } from '../../db/model';
import { applyLanguage } from '../i18n';
import { LanguageSwitch } from '../components/language-switch';
import { SetupForm } from '../components/setup-form';

/** First run: who uses this laptop and for which office. Nothing else is reachable before it. */
export function SetupPage({ onDone }: { onDone: (setup: Setup) => void }) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>('id');

  return (
    <Center mih="100%" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" radius="lg" p="xl" w="100%" maw={580}>
        <Stack gap="lg">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon size={44} radius="md" variant="light">
                <IconBuildingFactory2 size={26} aria-hidden />
              </ThemeIcon>
              <Box>
                <Title order={1} size="h4">
                  {t('setup.title')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('setup.lead')}
                </Text>
              </Box>
            </Group>
            <LanguageSwitch
              value={language}
              onChange={(next) => {
                setLanguage(next);
                applyLanguage(next);
              }}
            />
          </Group>
          <SetupForm setup={null} language={language} submitLabel={t('setup.submit')} onSaved={onDone} />
        </Stack>
      </Paper>
    </Center>
  );
}
