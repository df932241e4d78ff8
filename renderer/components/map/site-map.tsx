import type * as GeoJSON from 'geojson';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MapSite } from '../../../db/model';
import { boundsOf, colourOf, graticule, regencyCentres, type ColourBy, type LngLatBox } from './map-data';

/**
 * The map of sites, with no network: MapLibre GL over local GeoJSON only (a background, a
 * coordinate grid, the sites clustered when zoomed out; no tiles, no glyphs: names are HTML
 * markers). Where WebGL cannot be had (Chromium without a GPU) the same points are drawn on a 2D
 * canvas instead, and the map says so. Either way: click a point to open its site, shift-drag a
 * box to select the sites in it.
 */
export interface SiteMapProps {
  sites: MapSite[];
  colourBy: ColourBy;
  regencyName: (code: string) => string;
  onOpenSite: (id: string) => void;
  /** Sites in a shift-dragged box; without it, box select is off. */
  onBoxSelect?: (ids: string[]) => void;
  /** Sites drawn ringed (a selection). */
  selected?: ReadonlySet<string>;
  height?: number | string;
}

type Renderer = 'webgl' | 'canvas';

/** Whether this window can make a WebGL context (headless Chromium without a GPU may not). */
function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

export function SiteMap(props: SiteMapProps) {
  const { t } = useTranslation();
  const [renderer, setRenderer] = useState<Renderer>(() => (webglAvailable() ? 'webgl' : 'canvas'));
  return (
    <Box pos="relative" h={props.height ?? 480} data-testid="site-map" data-renderer={renderer} data-points={props.sites.length} className="ikm-map">
      {renderer === 'webgl' ? <GlMap {...props} onFail={() => setRenderer('canvas')} /> : <CanvasMap {...props} />}
      {renderer === 'canvas' && (
        <Text size="xs" c="dimmed" className="ikm-map-note" data-testid="map-fallback-note">
          {t('sentra.map.canvasFallback')}
        </Text>
      )}
    </Box>
  );
}

/** Shift-drag draws a box over the map; on release, the sites whose points fall in it. */
function useBoxSelect(
  container: React.RefObject<HTMLDivElement | null>,
  toLngLat: React.RefObject<((x: number, y: number) => [number, number]) | null>,
  sites: MapSite[],
  onBoxSelect: ((ids: string[]) => void) | undefined,
) {
  const [box, setBox] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  // The sites in a lng/lat box, told to the page (read when the box ends, with the props of then).
  const finish = useEffectEvent((area: LngLatBox) => {
    const ids = sites
      .filter((s) => s.longitude >= area.west && s.longitude <= area.east && s.latitude >= area.south && s.latitude <= area.north)
      .map((s) => s.id);
    onBoxSelect?.(ids);
  });
  const enabled = !!onBoxSelect;
  useEffect(() => {
    const el = container.current;
    if (!el || !enabled) return;
    let start: { x: number; y: number } | null = null;
    const at = (e: MouseEvent) => {
      const r = el.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const down = (e: MouseEvent) => {
      if (!e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      e.stopPropagation();
      start = at(e);
      setBox({ x0: start.x, y0: start.y, x1: start.x, y1: start.y });
    };
    const move = (e: MouseEvent) => {
      if (!start) return;
      const p = at(e);
      setBox({ x0: start.x, y0: start.y, x1: p.x, y1: p.y });
    };
    const up = (e: MouseEvent) => {
      if (!start || !toLngLat.current) return;
      const p = at(e);
      const [lonA, latA] = toLngLat.current(start.x, start.y);
      const [lonB, latB] = toLngLat.current(p.x, p.y);
      start = null;
      setBox(null);
      finish({ west: Math.min(lonA, lonB), east: Math.max(lonA, lonB), south: Math.min(latA, latB), north: Math.max(latA, latB) });
    };
    // Capture: before the map's own drag handlers see the press.
    el.addEventListener('mousedown', down, true);
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    return () => {
      el.removeEventListener('mousedown', down, true);
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
  }, [container, toLngLat, enabled]);
  return box && (
    <div
      className="ikm-map-box"
      data-testid="map-select-box"
      style={{ left: Math.min(box.x0, box.x1), top: Math.min(box.y0, box.y1), width: Math.abs(box.x1 - box.x0), height: Math.abs(box.y1 - box.y0) }}
    />
  );
}

function GlMap({ sites, colourBy, regencyName, onOpenSite, onBoxSelect, selected, onFail }: SiteMapProps & { onFail: () => void }) {
  const container = useRef<HTMLDivElement>(null);
  const toLngLat = useRef<((x: number, y: number) => [number, number]) | null>(null);
  const mapRef = useRef<import('maplibre-gl').Map | null>(null);
  const [ready, setReady] = useState(false);
  // Drawn: the map went idle after its points were last set (what a screenshot or a test waits for).
  const [drawn, setDrawn] = useState(false);
  const openSite = useEffectEvent((id: string) => onOpenSite(id));
  const fail = useEffectEvent(() => onFail());
  const data = useMemo(() => sitesGeoJson(sites, colourBy, selected), [sites, colourBy, selected]);
  const bounds = useMemo(() => boundsOf(sites), [sites]);

  useEffect(() => {
    let cancelled = false;
    let map: import('maplibre-gl').Map | null = null;
    void (async () => {
      const maplibre = await import('maplibre-gl');
      const workerUrl = (await import('maplibre-gl/dist/maplibre-gl-worker.mjs?url')).default;
      if (cancelled || !container.current) return;
      maplibre.setWorkerUrl(workerUrl);
      try {
        map = new maplibre.Map({
          container: container.current,
          style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef3f7' } }] },
          bounds: [bounds.west, bounds.south, bounds.east, bounds.north],
          fitBoundsOptions: { padding: 40 },
          attributionControl: false,
          // Shift-drag is ours: box select, not box zoom.
          boxZoom: false,
        });
      } catch {
        if (!cancelled) fail();
        return;
      }
      mapRef.current = map;
      map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
      toLngLat.current = (x, y) => {
        const p = map!.unproject([x, y]);
        return [p.lng, p.lat];
      };
      map.on('load', () => {
        map!.addSource('grid', { type: 'geojson', data: graticule(bounds, 0.5) });
        map!.addLayer({ id: 'grid', type: 'line', source: 'grid', paint: { 'line-color': '#b8c4d0', 'line-width': 0.7 } });
        map!.addSource('sites', { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: true, clusterRadius: 36, clusterMaxZoom: 11 });
        map!.addLayer({
          id: 'clusters',
          type: 'circle',
          source: 'sites',
          filter: ['has', 'point_count'],
          paint: { 'circle-color': '#4c6ef5', 'circle-opacity': 0.75, 'circle-radius': ['step', ['get', 'point_count'], 10, 10, 14, 100, 19, 1000, 25], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
        });
        map!.addLayer({
          id: 'points',
          type: 'circle',
          source: 'sites',
          filter: ['!', ['has', 'point_count']],
          paint: {
            'circle-color': ['get', 'colour'],
            'circle-radius': 6,
            'circle-stroke-color': ['case', ['get', 'selected'], '#212529', '#ffffff'],
            'circle-stroke-width': ['case', ['get', 'selected'], 3, 1.5],
          },
        });
        map!.on('click', 'points', (e) => {
          const id = e.features?.[0]?.properties?.id as string | undefined;
          if (id) openSite(id);
        });
        map!.on('click', 'clusters', (e) => {
          const feature = e.features?.[0];
          const source = map!.getSource('sites') as import('maplibre-gl').GeoJSONSource;
          if (!feature) return;
          void source.getClusterExpansionZoom(feature.properties.cluster_id as number).then((zoom) =>
            map!.easeTo({ center: (feature.geometry as GeoJSON.Point).coordinates as [number, number], zoom }),
          );
        });
        for (const layer of ['points', 'clusters']) {
          map!.on('mouseenter', layer, () => (map!.getCanvas().style.cursor = 'pointer'));
          map!.on('mouseleave', layer, () => (map!.getCanvas().style.cursor = ''));
        }
        setReady(true);
      });
      map.on('error', () => undefined);
    })().catch(() => !cancelled && fail());
    return () => {
      cancelled = true;
      map?.remove();
      mapRef.current = null;
    };
    // The map is made once; data and bounds follow below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    setDrawn(false);
    (map.getSource('sites') as import('maplibre-gl').GeoJSONSource).setData(data);
    map.once('idle', () => setDrawn(true));
  }, [ready, data]);

  // Regency names at the centre of their sites: HTML markers (no glyphs needed).
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    let markers: import('maplibre-gl').Marker[] = [];
    void import('maplibre-gl').then((maplibre) => {
      markers = regencyCentres(sites).map((c) => {
        const el = document.createElement('div');
        el.className = 'ikm-map-label';
        el.textContent = regencyName(c.regencyCode);
        return new maplibre.Marker({ element: el }).setLngLat([c.longitude, c.latitude]).addTo(map);
      });
    });
    return () => markers.forEach((m) => m.remove());
  }, [ready, sites, regencyName]);

  const box = useBoxSelect(container, toLngLat, sites, onBoxSelect);
  return (
    <>
      <div ref={container} style={{ position: 'absolute', inset: 0 }} data-testid="map-surface" data-ready={ready && drawn ? 'true' : 'false'} />
      {box}
    </>
  );
}

/** The same points on a plain 2D canvas (equirectangular, fitted to the sites), for a window without WebGL. */
function CanvasMap({ sites, colourBy, regencyName, onOpenSite, onBoxSelect, selected }: SiteMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const toLngLat = useRef<((x: number, y: number) => [number, number]) | null>(null);
  const toXY = useRef<((lon: number, lat: number) => [number, number]) | null>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !size.w || !size.h) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = size.w * ratio;
    c.height = size.h * ratio;
    const ctx = c.getContext('2d')!;
    ctx.scale(ratio, ratio);
    const b = boundsOf(sites);
    const pad = 30;
    const scale = Math.min((size.w - 2 * pad) / (b.east - b.west), (size.h - 2 * pad) / (b.north - b.south));
    const ox = (size.w - (b.east - b.west) * scale) / 2;
    const oy = (size.h - (b.north - b.south) * scale) / 2;
    toXY.current = (lon, lat) => [ox + (lon - b.west) * scale, oy + (b.north - lat) * scale];
    toLngLat.current = (x, y) => [b.west + (x - ox) / scale, b.north - (y - oy) / scale];
    ctx.fillStyle = '#eef3f7';
    ctx.fillRect(0, 0, size.w, size.h);
    ctx.strokeStyle = '#b8c4d0';
    ctx.lineWidth = 0.7;
    ctx.fillStyle = '#6b7785';
    ctx.font = '10px sans-serif';
    for (const line of graticule(b, 0.5).features) {
      const pts = line.geometry.coordinates.map(([lon, lat]) => toXY.current!(lon, lat));
      ctx.beginPath();
      ctx.moveTo(pts[0][0], pts[0][1]);
      ctx.lineTo(pts[1][0], pts[1][1]);
      ctx.stroke();
      ctx.fillText(String(line.properties.label), pts[0][0] + 2, pts[0][1] + 10);
    }
    for (const s of sites) {
      const [x, y] = toXY.current(s.longitude, s.latitude);
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, Math.PI * 2);
      ctx.fillStyle = colourOf(s, colourBy);
      ctx.fill();
      ctx.lineWidth = selected?.has(s.id) ? 3 : 1.2;
      ctx.strokeStyle = selected?.has(s.id) ? '#212529' : '#ffffff';
      ctx.stroke();
    }
    ctx.font = '600 12px sans-serif';
    ctx.fillStyle = '#343a40';
    ctx.textAlign = 'center';
    for (const c of regencyCentres(sites)) {
      const [x, y] = toXY.current(c.longitude, c.latitude);
      ctx.fillText(regencyName(c.regencyCode), x, y - 10);
    }
  }, [sites, colourBy, selected, size, regencyName]);

  const box = useBoxSelect(container, toLngLat, sites, onBoxSelect);
  return (
    <div ref={container} style={{ position: 'absolute', inset: 0 }} data-testid="map-surface" data-ready={size.w ? 'true' : 'false'}>
      <canvas
        ref={canvas}
        style={{ width: '100%', height: '100%', display: 'block', cursor: 'crosshair' }}
        onClick={(e) => {
          if (e.shiftKey || !toXY.current) return;
          const r = e.currentTarget.getBoundingClientRect();
          const x = e.clientX - r.left;
          const y = e.clientY - r.top;
          let best: { id: string; d: number } | null = null;
          for (const s of sites) {
            const [px, py] = toXY.current(s.longitude, s.latitude);
            const d = Math.hypot(px - x, py - y);
            if (d <= 8 && (!best || d < best.d)) best = { id: s.id, d };
          }
          if (best) onOpenSite(best.id);
        }}
      />
      {box}
    </div>
  );
}

function sitesGeoJson(sites: MapSite[], colourBy: ColourBy, selected: ReadonlySet<string> | undefined): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: sites.map((s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.longitude, s.latitude] },
      properties: { id: s.id, colour: colourOf(s, colourBy), selected: selected?.has(s.id) ?? false },
    })),
  };
}
