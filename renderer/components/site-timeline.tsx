import { Alert, Anchor, Badge, Box, Button, Grid, Group, Paper, Skeleton, Stack, Text, Timeline, Title, UnstyledButton } from '@mantine/core';
import { IconArrowBackUp, IconArrowRight, IconGitMerge, IconTrendingUp } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { kbliShortName, type FactChange, type FactEntry, type SiteTimeline as SiteTimelineData, type VisitSummary } from '../../db/model';
import { useReference } from '../app/reference';
import { useSession } from '../app/session';
import { errorMessage, unwrap, useApiData } from '../lib/api';
import type { SiteDecision } from '../../db/model/merge';
import { hrefOf } from '../app/route';
import { refreshSyncStatus } from '../lib/use-sync-status';
import { formatDateTime, formatNumber } from '../lib/format';
import { StatusBadge } from './status-badge';
import { ConflictMark } from './conflict-mark';
import { useConflictMarks } from '../lib/use-conflict-marks';
import { formatVisitDate, formatVisitDateShort, visitHref, VisitKindBadge, VisitStatusBadge } from './visit-log/visit-badges';

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
  return <TimelineView siteId={siteId} timeline={timeline.data} reload={timeline.reload} />;
}

type Line = { kind: 'facts'; entry: FactEntry } | { kind: 'decision'; decision: SiteDecision };

/**
 * The fact history and the merge decisions, newest first, as one timeline: each list keeps its own
 * order (the facts' is the one the current facts are chosen by) and they are interleaved by time.
 */
function timelineLines(changes: readonly FactEntry[], decisions: readonly SiteDecision[]): Line[] {
  const facts = [...changes].reverse();
  const merges = [...decisions].reverse();
  const lines: Line[] = [];
  while (facts.length || merges.length) {
    const f = facts[0];
    const d = merges[0];
    if (f && (!d || (f.at ?? f.observedOn) >= d.at)) lines.push({ kind: 'facts', entry: facts.shift()! });
    else lines.push({ kind: 'decision', decision: merges.shift()! });
  }
  return lines;
}

function TimelineView({ siteId, timeline, reload }: { siteId: string; timeline: SiteTimelineData; reload: () => void }) {
  const { t } = useTranslation();
  const marks = useConflictMarks();
  const lines = timelineLines(timeline.changes, timeline.decisions);
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
          {lines.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('siteHistory.noFacts')}
            </Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2} active={0} data-testid="fact-timeline">
              {lines.map((line) =>
                line.kind === 'facts' ? (
                  <Timeline.Item key={line.entry.key} title={<EntryTitle entry={line.entry} />} data-testid={`history-${line.entry.source}`}>
                    <Stack gap={4} mt={4}>
                      {line.entry.changes.map((change) => (
                        <ChangeLine key={change.fact} change={change} />
                      ))}
                    </Stack>
                  </Timeline.Item>
                ) : (
                  <Timeline.Item
                    key={line.decision.key}
                    bullet={<IconGitMerge size={10} />}
                    title={<DecisionLine siteId={siteId} decision={line.decision} onUndone={reload} />}
                    data-testid={`history-decision-${line.decision.kind}`}
                  />
                ),
              )}
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
        {/* Room for the longest number ("ANISU/2026/4WW-0002"): its tail tells visits apart. */}
        <Text size="sm" ff="monospace" w="10.5rem" flex="none" className="ikm-truncate" data-testid="timeline-visit-number">
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

/** When, where from (a visit, the site form, the registration) and who. */
function EntryTitle({ entry }: { entry: FactEntry }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const by = entry.by ?? t('siteHistory.unknownOfficer');
  return (
    <Stack gap={0}>
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {entry.at ? formatDateTime(entry.at, language) : formatVisitDate(entry.observedOn, language)}
        </Text>
        {entry.visitId && (
          <Text size="xs" c="dimmed" component="a" href={visitHref(entry.visitId)} ff="monospace">
            {entry.visitNumber}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed" data-testid="history-source">
        {t(`siteHistory.source.${entry.source}`, { by })}
      </Text>
    </Stack>
  );
}

/** A merge or "bukan duplikat" naming this site (or its undo): what, with which site (a link), who and when; a decision in force can be undone here. */
function DecisionLine({ siteId, decision, onUndone }: { siteId: string; decision: SiteDecision; onUndone: () => void }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const what = decision.role ? `${decision.kind}_${decision.role}` : decision.kind;
  async function undo() {
    setBusy(true);
    setFailure(null);
    try {
      await unwrap(window.ikm.site.undoDistinct({ siteA: siteId, siteB: decision.other.id }));
      onUndone();
      void refreshSyncStatus();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {formatDateTime(decision.at, language)}
      </Text>
      <Text size="sm" data-testid="decision-text">
        {t(`field20.decision.${what}`, { other: decision.other.name })}{' '}
        <Anchor size="sm" href={hrefOf({ page: 'site', id: decision.other.id })} aria-label={t('field20.decision.open', { name: decision.other.name })}>
          <IconArrowRight size={12} />
        </Anchor>
      </Text>
      <Text size="xs" c="dimmed">
        {t('field20.decision.by', { by: decision.by ?? t('siteHistory.unknownOfficer') })}
      </Text>
      {decision.undoable && (
        <Group>
          <Button size="compact-xs" variant="default" leftSection={<IconArrowBackUp size={12} />} loading={busy} onClick={() => void undo()}>
            {t('field20.decision.undoDistinct')}
          </Button>
        </Group>
      )}
      {failure && (
        <Text size="xs" c="red" role="alert">
          {failure}
        </Text>
      )}
    </Stack>
  );
}

/** One changed fact, as the core described it (size classes, certificates added and gone, naik kelas). */
function ChangeLine({ change }: { change: FactChange }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const { catalog, label } = useReference();
  const { first } = change;
  const name = t(`siteTimeline.fact.${change.fact}`);

  let body: ReactNode = null;
  if (change.fact === 'operatingStatus') {
    body = (
      <FromTo
        from={first ? null : <StatusBadge status={String(change.from)} />}
        to={<StatusBadge status={String(change.to)} />}
      />
    );
  } else if (change.to === null || change.to === undefined) {
    // A fact the site form emptied: nothing is known now.
    body = <FromTo from={first ? null : valueText(change.from)} to={t('siteHistory.unknown')} />;
  } else if (change.fact === 'workers') {
    // "Mikro", not "Mikro (1–4 tenaga kerja)": the numbers are on the line already.
    const sizeName = (code: string) => t(`siteTimeline.size.${code}`);
    const people = (n: number) => t('siteTimeline.workers', { count: n, formatted: formatNumber(n, language) });
    body = (
      <>
        <FromTo from={first ? null : people(Number(change.from))} to={people(Number(change.to))} />
        {change.sizeTo && change.sizeFrom !== change.sizeTo && (
          <Text size="xs" c="dimmed" span>
            ({change.sizeFrom ? `${sizeName(change.sizeFrom)} → ` : ''}
            {sizeName(change.sizeTo)})
          </Text>
        )}
      </>
    );
  } else if (change.fact === 'certificates') {
    const added = change.added ?? [];
    const removed = change.removed ?? [];
    body =
      first && added.length === 0 ? (
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
  } else if (change.fact === 'kbliCode') {
    // "10794 · Makanan": the division's short name keeps both sides of the change on one line.
    const kbli = (code: unknown) => `${String(code)} · ${kbliShortName(label(catalog.kbli, String(code).slice(0, 2)))}`;
    body = <FromTo from={first ? null : kbli(change.from)} to={kbli(change.to)} />;
  } else {
    body = <FromTo from={first ? null : valueText(change.from)} to={valueText(change.to)} />;
  }

  return (
    <Group gap={8} wrap="wrap" data-testid={`fact-${change.fact}`}>
      <Text size="sm" c="dimmed" w={110}>
        {name}
      </Text>
      {body}
      {change.upgraded && (
        <Badge color="green" variant="filled" radius="sm" tt="none" leftSection={<IconTrendingUp size={12} />}>
          {t('siteTimeline.upgraded')}
        </Badge>
      )}
    </Group>
  );
}

const valueText = (value: unknown) => (value === null || value === undefined ? '—' : String(value));

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
