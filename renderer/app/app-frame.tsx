import { AppShell, Badge, Box, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  IconBuildingFactory2,
  IconBuildingWarehouse,
  IconStairsUp,
  IconCloudUpload,
  IconFileExport,
  IconHome,
  IconListCheck,
  IconMapPins,
  IconSettings,
  IconUsersGroup,
  IconWalk,
} from '@tabler/icons-react';
import { useEffect, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/language-switch';
import { ComingSoonPage } from '../pages/coming-soon-page';
import { ExportPage } from '../pages/export-page';
import { FollowUpsPage } from '../pages/follow-ups-page';
import { SentraListPage } from '../pages/sentra-list-page';
import { SentraPage } from '../pages/sentra-page';
import { WilayahPage } from '../pages/wilayah-page';
import { HomePage } from '../pages/home-page';
import { SettingsPage } from '../pages/settings-page';
import { SyncPage } from '../pages/sync-page';
import { SyncIndicator } from '../components/sync-indicator';
import { SiteDetailPage } from '../pages/site-detail-page';
import { SiteFormPage } from '../pages/site-form-page';
import { SitesPage } from '../pages/sites-page';
import { VisitLogPage } from '../pages/visit-log-page';
import { VisitFormPage } from '../pages/visit-form-page';
import { VisitNewPage } from '../pages/visit-new-page';
import { StoppedPage } from '../pages/stopped-page';
import { NaikKelasPage } from '../pages/naik-kelas-page';
import { hrefOf, navigate, useRoute, type Route } from './route';
import { useSession } from './session';
import { requestSearchFocus } from './shortcuts';
import { SiteListStateProvider } from './site-list-state';

interface NavItem {
  route: Route;
  labelKey: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  soon?: boolean;
  /** Which routes light this item up. */
  matches: (route: Route) => boolean;
}

const NAV: NavItem[] = [
  { route: { page: 'home' }, labelKey: 'nav.home', icon: IconHome, matches: (r) => r.page === 'home' },
  {
    route: { page: 'sites' },
    labelKey: 'nav.sites',
    icon: IconBuildingFactory2,
    matches: (r) => r.page === 'sites' || r.page === 'site' || r.page === 'site-new' || r.page === 'site-edit',
  },
  {
    route: { page: 'visits' },
    labelKey: 'nav.visits',
    icon: IconWalk,
    // The log, and the visit screens opened from it.
    matches: (r) => r.page === 'visits' || r.page.startsWith('visit-'),
  },
  { route: { page: 'follow-ups' }, labelKey: 'nav.followUps', icon: IconListCheck, matches: (r) => r.page === 'follow-ups' },
  { route: { page: 'stopped' }, labelKey: 'nav.stopped', icon: IconBuildingWarehouse, matches: (r) => r.page === 'stopped' },
  { route: { page: 'naik-kelas' }, labelKey: 'nav.naikKelas', icon: IconStairsUp, matches: (r) => r.page === 'naik-kelas' },
  {
    route: { page: 'sentra-list' },
    labelKey: 'nav.sentra',
    icon: IconMapPins,
    matches: (r) => r.page === 'sentra-list' || r.page === 'sentra' || r.page === 'wilayah',
  },
  { route: { page: 'export' }, labelKey: 'nav.export', icon: IconFileExport, matches: (r) => r.page === 'export' },
  { route: { page: 'sync' }, labelKey: 'nav.sync', icon: IconCloudUpload, matches: (r) => r.page === 'sync' },
  { route: { page: 'settings' }, labelKey: 'nav.settings', icon: IconSettings, matches: (r) => r.page === 'settings' },
];

/** The window's frame: header, navigation, and the page of the current route. */
export function AppFrame() {
  const { t } = useTranslation();
  const route = useRoute();

  // Work even while typing in a field: these are the officer's two most used actions.
  useHotkeys(
    [
      ['mod+N', () => navigate({ page: 'site-new' })],
      [
        'mod+F',
        () => {
          if (route.page !== 'sites') navigate({ page: 'sites' });
          requestSearchFocus();
        },
      ],
    ],
    [],
  );

  // Chrome scrolls a field reached by Tab only when it is outside the window, so one just above the
  // bottom edge stays under the sticky Simpan bar; scroll it by the page's scroll-padding (app.css).
  useEffect(() => {
    const onFocus = (event: FocusEvent) => {
      const el = event.target;
      if (!(el instanceof HTMLElement) || !el.closest('form')) return;
      const box = (el.closest('.mantine-InputWrapper-root') ?? el).getBoundingClientRect();
      const style = getComputedStyle(document.documentElement);
      if (box.bottom > innerHeight - parseFloat(style.scrollPaddingBottom) || box.top < parseFloat(style.scrollPaddingTop)) {
        el.scrollIntoView({ block: 'nearest' });
      }
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);

  return (
    <SiteListStateProvider>
      {/* The first Tab stop: straight to the page, past the header and the navigation. */}
      <a
        href="#main-content"
        className="ikm-skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        {t('field20.skipToContent')}
      </a>
      <AppShell header={{ height: 56 }} navbar={{ width: 236, breakpoint: 'xs' }} padding="md">
        <AppShell.Header>
          <AppHeader />
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
          <MainNav route={route} />
        </AppShell.Navbar>
        <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
          <CurrentPage route={route} />
        </AppShell.Main>
      </AppShell>
    </SiteListStateProvider>
  );
}

function AppHeader() {
  const { t } = useTranslation();
  const { setup, language, setLanguage } = useSession();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <IconBuildingFactory2 size={26} color="var(--mantine-color-blue-7)" aria-hidden />
        <Box>
          <Title order={1} size="h4" lh={1.1}>
            IKM Lapangan
          </Title>
          <Text size="xs" c="dimmed" lh={1.2}>
            {t('header.office', { province: setup.provinceName })}
          </Text>
        </Box>
      </Group>
      <Group gap="md" wrap="nowrap">
        <SyncIndicator />
        <Group gap={8} wrap="nowrap" aria-label={t('header.officer')}>
          <IconUsersGroup size={18} color="var(--mantine-color-gray-6)" aria-hidden />
          <Text size="sm" fw={500} data-testid="officer-name">
            {setup.officer.name}
          </Text>
          <Badge variant="light" radius="sm" data-testid="officer-code">
            {setup.officer.code}
          </Badge>
        </Group>
        <LanguageSwitch value={language} onChange={(next) => void setLanguage(next)} />
      </Group>
    </Group>
  );
}

function MainNav({ route }: { route: Route }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      {NAV.map((item) => {
        const active = item.matches(route);
        const Icon = item.icon;
        return (
          <NavLink
            key={item.labelKey}
            href={hrefOf(item.route)}
            label={t(item.labelKey)}
            leftSection={<Icon size={18} stroke={1.7} />}
            rightSection={
              item.soon ? (
                <Badge size="xs" variant="light" color="gray">
                  {t('nav.soon')}
                </Badge>
              ) : null
            }
            active={active}
            aria-current={active ? 'page' : undefined}
          />
        );
      })}
    </Stack>
  );
}

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'sites':
      return <SitesPage />;
    case 'site-new':
      return <SiteFormPage key="new" siteId={null} />;
    case 'site-edit':
      return <SiteFormPage key={`edit:${route.id}`} siteId={route.id} />;
    case 'site':
      return <SiteDetailPage key={route.id} siteId={route.id} />;
    case 'visit-new':
      return <VisitNewPage key={`new:${route.siteId ?? ''}`} siteId={route.siteId} />;
    case 'visit-form':
      return <VisitFormPage key={route.id} visitId={route.id} />;
    case 'settings':
      return <SettingsPage />;
    case 'sync':
      return <SyncPage conflictId={route.conflictId ?? null} />;
    case 'visits':
      return <VisitLogPage />;
    case 'export':
      return <ExportPage />;
    case 'follow-ups':
      return <FollowUpsPage key={hrefOf(route)} overdue={route.overdue} regencyCode={route.regencyCode ?? null} />;
    case 'stopped':
      return <StoppedPage />;
    case 'naik-kelas':
      return <NaikKelasPage />;
    case 'sentra-list':
      return <SentraListPage tab={route.tab ?? 'daftar'} />;
    case 'sentra':
      return <SentraPage key={route.id} sentraId={route.id} />;
    case 'wilayah':
      return <WilayahPage key={route.id} wilayahId={route.id} />;
    case 'soon':
      return <ComingSoonPage key={route.feature} feature={route.feature} />;
  }
}
