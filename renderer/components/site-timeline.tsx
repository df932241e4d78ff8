import { Alert, Badge, Box, Grid, Group, Paper, Skeleton, Stack, Text, Timeline, Title, UnstyledButton } from '@mantine/core';
import { IconArrowRight, IconTrendingUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sizeClassForWorkers, type SiteFact, type SiteTimeline as SiteTimelineData, type VisitSummary } from '../../db/model';
import { useReference } from '../app/reference';
import { useSession } from '../app/session';
import { useApiData } from '../lib/api';
import { formatNumber } from '../lib/format';
import { StatusBadge } from './status-badge';
import { ConflictMark } from './conflict-mark';
import { useConflictMarks } from '../lib/use-conflict-marks';
import { formatVisitDate, formatVisitDateShort, visitHref, VisitKindBadge, VisitStatusBadge } from './visit-log/visit-badges';

/** Certificates that make an IKM "naik kelas" (the ministry's SNI/ISO push). */
const GRADE_CERTIFICATES = ['SNI', 'ISO9001'];
const SIZE_ORDER = ['mikro', 'kecil', 'menengah'];
const FACT_ORDER: SiteFact['fact'][] = ['operatingStatus', 'workers', 'sizeClass', 'certificates', 'products'];

interface Change {
  fact: SiteFact['fact'];
  /** Undefined for the first value a visit recorded. */
  from: unknown;
  to: unknown;
}

interface FactEntry {
  visitId: string;
  visitNumber: string;
  observedOn: string;
  changes: Change[];
}

/** Per visit, the facts that differ from what the previous visit found; oldest first. */
export function factChanges(facts: SiteFact[]): FactEntry[] {
  const seen = new Map<SiteFact['fact'], unknown>();
  const entries: FactEntry[] = [];
  for (const f of facts) {
    let entry = entries[entries.length - 1];
    if (!entry || entry.visitId !== f.visitId) {
      entry = { visitId: f.visitId, visitNumber: f.visitNumber, observedOn: f.observedOn, changes: [] };
      entries.push(entry);
    }
    const before = seen.get(f.fact);
    const value = f.fact === 'certificates' && Array.isArray(f.value) ? [...(f.value as string[])].sort() : f.value;
    if (!seen.has(f.fact) || JSON.stringify(before) !== JSON.stringify(value)) {
      entry.changes.push({ fact: f.fact, from: before, to: value });
    }
    seen.set(f.fact, value);
  }
  for (const e of entries) e.changes.sort((a, b) => FACT_ORDER.indexOf(a.fact) - FACT_ORDER.indexOf(b.fact));
  return entries.filter((e) => e.changes.length > 0);
}

/** A site's visits, newest first, and how its status, workforce, certificates and products changed over them. */
export function SiteTimeline({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const timeline = useApiData(() => window.ikm.site.timeline({ id: siteId }), `timeline:${siteId}`);

  if (timeline.error) {
    return (
      <Alert color="red" title={t('common.loadFailed')}>
        {timeline.error}
      </Alert>
    );
  }
  if (!timeline.data) return <Skeleton height={160} radius="md" />;
  return <TimelineView timeline={timeline.data} />;
}

function TimelineView({ timeline }: { timeline: SiteTimelineData }) {
  const { t } = useTranslation();
  const marks = useConflictMarks();
  const entries = factChanges(timeline.facts).reverse();
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder radius="md" p="md" h="100%" component="section" aria-labelledby="site-visits-title">
          <Group justify="space-between" mb="sm">
            <Title order={3} size="h5" id="site-visits-title">
              {t('siteTimeline.visits')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('siteTimeline.visitCount', { count: timeline.visits.length })}
            </Text>
          </Group>
          {timeline.visits.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('siteTimeline.noVisits')}
            </Text>
          ) : (
            <Stack gap={2} role="list" aria-label={t('siteTimeline.visits')}>
              {timeline.visits.map((visit) => (
                <VisitLink key={visit.id} visit={visit} conflict={Object.hasOwn(marks.visits, visit.id)} />
              ))}
            </Stack>
          )}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder radius="md" p="md" h="100%" component="section" aria-labelledby="site-facts-title">
          <Title order={3} size="h5" mb="sm" id="site-facts-title">
            {t('siteTimeline.facts')}
          </Title>
          {entries.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('siteTimeline.noFacts')}
            </Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2} active={0} data-testid="fact-timeline">
              {entries.map((entry) => (
                <Timeline.Item key={entry.visitId} title={<EntryTitle entry={entry} />}>
                  <Stack gap={4} mt={4}>
                    {entry.changes.map((change) => (
                      <ChangeLine key={change.fact} change={change} />
                    ))}
                  </Stack>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

function VisitLink({ visit, conflict }: { visit: VisitSummary; conflict: boolean }) {
  const { t } = useTranslation();
  const { language } = useSession();
  return (
    <UnstyledButton component="a" href={visitHref(visit.id)} className="ikm-timeline-visit" role="listitem" p={6}>
      <Group gap="sm" wrap="nowrap">
        <Text size="sm" ff="monospace" w={112} className="ikm-truncate">
          {visit.number}
        </Text>
        <Text size="sm" flex={1} className="ikm-truncate" title={visit.visitDate ? formatVisitDate(visit.visitDate, language) : undefined}>
          {conflict && <ConflictMark />}
          {visit.visitDate ? formatVisitDateShort(visit.visitDate, language) : t('visitLog.noDate')}
        </Text>
        <Group w={180} gap={6} justify="flex-end" wrap="nowrap">
          <VisitKindBadge kind={visit.kind} />
          <Box w={52}>
            <VisitStatusBadge status={visit.status} />
          </Box>
        </Group>
      </Group>
    </UnstyledButton>
  );
}

function EntryTitle({ entry }: { entry: FactEntry }) {
  const { language } = useSession();
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" fw={600}>
        {formatVisitDate(entry.observedOn, language)}
      </Text>
      <Text size="xs" c="dimmed" component="a" href={visitHref(entry.visitId)} ff="monospace">
        {entry.visitNumber}
      </Text>
    </Group>
  );
}

function ChangeLine({ change }: { change: Change }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const { catalog, label } = useReference();
  const first = change.from === undefined;
  const name = t(`siteTimeline.fact.${change.fact}`);

  let body: ReactNode = null;
  let upgraded = false;
  if (change.fact === 'operatingStatus') {
    body = (
      <FromTo
        from={first ? null : <StatusBadge status={String(change.from)} />}
        to={<StatusBadge status={String(change.to)} />}
      />
    );
  } else if (change.fact === 'workers') {
    const to = Number(change.to);
    const toClass = sizeClassForWorkers(to);
    const fromClass = first ? null : sizeClassForWorkers(Number(change.from));
    upgraded = !!fromClass && !!toClass && SIZE_ORDER.indexOf(toClass) > SIZE_ORDER.indexOf(fromClass);
    // "Mikro (1–4 tenaga kerja)" → "Mikro": the numbers are on the line already.
    const sizeName = (code: string | null) => label(catalog.sizeClasses, code).replace(/\s*\(.*\)$/, '');
    const people = (n: number) => t('siteTimeline.workers', { count: n, formatted: formatNumber(n, language) });
    body = (
      <>
        <FromTo from={first ? null : people(Number(change.from))} to={people(to)} />
        {toClass && fromClass !== toClass && (
          <Text size="xs" c="dimmed" span>
            ({first ? '' : `${sizeName(fromClass)} → `}
            {sizeName(toClass)})
          </Text>
        )}
      </>
    );
  } else if (change.fact === 'certificates') {
    const to = (change.to as string[]) ?? [];
    const from = first ? [] : ((change.from as string[]) ?? []);
    const added = to.filter((c) => !from.includes(c));
    const removed = from.filter((c) => !to.includes(c));
    upgraded = !first && added.some((c) => GRADE_CERTIFICATES.includes(c));
    body =
      first && to.length === 0 ? (
        <Text size="sm" c="dimmed" span>
          {t('siteTimeline.noCertificates')}
        </Text>
      ) : (
        <Group gap={4}>
          {added.map((c) => (
            <Badge key={c} color="teal" variant="light" radius="sm" tt="none">
              {first ? '' : '+ '}
              {label(catalog.certificateKinds, c)}
            </Badge>
          ))}
          {removed.map((c) => (
            <Badge key={c} color="red" variant="light" radius="sm" tt="none" td="line-through">
              {label(catalog.certificateKinds, c)}
            </Badge>
          ))}
        </Group>
      );
  } else {
    body = <FromTo from={first ? null : String(change.from)} to={String(change.to)} />;
  }

  return (
    <Group gap={8} wrap="wrap" data-testid={`fact-${change.fact}`}>
      <Text size="sm" c="dimmed" w={110}>
        {name}
      </Text>
      {body}
      {upgraded && (
        <Badge color="green" variant="filled" radius="sm" tt="none" leftSection={<IconTrendingUp size={12} />}>
          {t('siteTimeline.upgraded')}
        </Badge>
      )}
    </Group>
  );
}

function FromTo({ from, to }: { from: ReactNode; to: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap">
      {from !== null && (
        <>
          {typeof from === 'string' ? <Text size="sm">{from}</Text> : from}
          <IconArrowRight size={14} color="var(--mantine-color-gray-6)" aria-label="→" />
        </>
      )}
      {typeof to === 'string' ? <Text size="sm" fw={600}>{to}</Text> : to}
    </Group>
  );
}
