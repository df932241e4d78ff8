import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSiteListState } from '../app/site-list-state';
import { ExportPanel } from '../components/export/export-panel';
import { BatchPrintCard, BlankFormCard, RekapCard } from '../components/print/print-panels';
import { useFilterLines } from '../components/export/filter-lines';
import { rememberedLog, toVisitQuery } from '../components/visit-log/visit-log-state';

/** Ekspor & Cetak: export the visit log and the register with the filters they were left with. */
export function ExportPage() {
  const { t } = useTranslation();
  const { filters: siteFilters } = useSiteListState();
  const logFilters = rememberedLog().filters;
  const visitFilter = toVisitQuery(logFilters, logFilters.officer);
  const describe = useFilterLines();

  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Title order={2}>{t('export.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('export.lead')}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="export-visits-title">
          <Title order={3} size="h4" id="export-visits-title" mb={4}>
            {t('export.visitsTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('export.visitsLead')}
          </Text>
          <ExportPanel what={{ source: 'visits', filter: visitFilter }} filterLines={describe.visits(visitFilter)} />
        </Paper>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="export-sites-title">
          <Title order={3} size="h4" id="export-sites-title" mb={4}>
            {t('export.sitesTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('export.sitesLead')}
          </Text>
          <ExportPanel what={{ source: 'sites', filter: siteFilters }} filterLines={describe.sites(siteFilters)} />
        </Paper>
      </SimpleGrid>
      <Title order={2} size="h3" mt="sm">
        {t('print.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <BlankFormCard />
        <BatchPrintCard filter={visitFilter} />
        <RekapCard />
      </SimpleGrid>
    </Stack>
  );
}
