import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSiteListState } from '../app/site-list-state';
import { ExportPanel } from '../components/export/export-panel';
import { ImportWizard } from '../components/import/import-wizard';
import { BatchPrintCard, BlankFormCard, RekapCard } from '../components/print/print-panels';
import { useFilterLines } from '../components/export/filter-lines';
import { rememberedLog, toVisitQuery } from '../components/visit-log/visit-log-state';

/** Ekspor & Cetak: export the visit log and the register with the filters they were left with, print, and import site lists. */
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
        <ExportCard id="export-visits-title" title={t('export.visitsTitle')} lead={t('export.visitsLead')}>
          <ExportPanel what={{ source: 'visits', filter: visitFilter }} filterLines={describe.visits(visitFilter)} />
        </ExportCard>
        <ExportCard id="export-sites-title" title={t('export.sitesTitle')} lead={t('export.sitesLead')}>
          <ExportPanel what={{ source: 'sites', filter: siteFilters }} filterLines={describe.sites(siteFilters)} />
        </ExportCard>
      </SimpleGrid>
      <Title order={2} size="h3" mt="sm">
        {t('print.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <BlankFormCard />
        <BatchPrintCard filter={visitFilter} />
        <RekapCard />
      </SimpleGrid>
      <Title order={2} size="h3" mt="sm">
        {t('import.sectionTitle')}
      </Title>
      <ImportWizard />
    </Stack>
  );
}

/** One export: what it holds, and its panel of formats, filters and progress. */
function ExportCard({ id, title, lead, children }: { id: string; title: string; lead: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h4" id={id} mb={4}>
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {lead}
      </Text>
      {children}
    </Paper>
  );
}
