// The crash soak (issue 21, item 5): the core runs in a child process (crash-child.ts) writing as
// fast as it can and is killed with SIGKILL at random moments, again and again on one database.
// After each kill the app's start-up runs on the files the kill left, and the harness checks: the
// database opens, `PRAGMA integrity_check` is ok, every write the child reported committed is
// there, every attachment row names a whole file with its hash, and nothing is left over (no
// temp file, no file that no row names).
// `npm test` kills 5 times (db/crash/crash-soak.test.ts), `npm run soak` at least 200.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { openApi } from '../api';
import { COLLECT_GRACE_MS } from '../blob-store';
import { openCore } from '../core';
import { call, KALTIM_SETUP } from '../test-support';
import { seededRandom } from './seeded-random';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(import.meta.dirname, 'crash-child.ts');

/** What the child said it wrote (crash-child.ts). */
type Write =
  | { kind: 'site'; id?: string; name: string }
  | { kind: 'siteEdit'; id: string; phone: string }
  | { kind: 'visit'; id?: string; siteId: string; findings: string }
  | { kind: 'attachment'; id?: string; visitId: string; sha256?: string; size: number; thumbnail?: boolean };

/**
 * When a round's kill comes: at a random moment of the writing, or a few milliseconds after a write
 * of some kind begins (inside its transaction, or inside an attachment's file write and fsync).
 */
const KILL_MOMENTS = ['random', 'attachment', 'any-write', 'site', 'attachment', 'visit'] as const;
type KillMoment = (typeof KILL_MOMENTS)[number];

export interface CrashRound {
  round: number;
  moment: KillMoment;
  /** The write under way when the kill came (its `try` line seen, its `ok` not). */
  killedDuring: Write['kind'] | null;
  committed: number;
  /** What the kill left that the start-up cleanup then removed. */
  leftTemps: number;
  leftUnusedFiles: number;
  /** Milliseconds from spawn to the child's `ready`, from there to the kill, and of the start-up and checks. */
  ms: { start: number; write: number; check: number };
}

export interface CrashSoakReport {
  rounds: CrashRound[];
  /** Writes the child reported committed, over all rounds (all checked after every later kill too). */
  committed: number;
  ms: number;
}

/** Every file under `dir` (no folders), relative paths. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

const isTemp = (path: string) => path.endsWith('.tmp');

/**
 * Runs the child once and kills it at the round's moment. Resolves with the lines it wrote; a child
 * that ends by itself (a write failed) rejects with what it printed.
 */
function runAndKill(dbFile: string, seed: number, moment: KillMoment, random: () => number): Promise<{ lines: string[]; readyAt: number }> {
  return new Promise((resolvePromise, reject) => {
    let readyAt = 0;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbFile, String(seed)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let rest = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const killIn = (ms: number) => setTimeout(kill, ms);
    // Never wait for ever: a child that writes nothing is killed too (and the test fails the round).
    // Generous: on a loaded machine a child took over a minute to start.
    const guard = setTimeout(kill, 300_000);
    let writesSeen = 0;
    // Some writes first, so the database has rows of each kind before the kill.
    const writesBefore = 1 + Math.floor(random() * 12);
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (killed) continue;
        if (line === 'ready') readyAt = performance.now();
        if (line === 'ready' && moment === 'random') killIn(50 + random() * 1_500);
        if (!line.startsWith('try ')) continue;
        writesSeen++;
        if (moment === 'random' || writesSeen < writesBefore) continue;
        const kind = (JSON.parse(line.slice(4)) as Write).kind;
        if (moment === 'any-write' || kind === moment) killIn(random() * (kind === 'attachment' ? 40 : 5));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL' && killed) return resolvePromise({ lines, readyAt });
      reject(new Error(`the crash child ended by itself (code ${code}, signal ${signal}):\n${stderr}\n${lines.slice(-5).join('\n')}`));
    });
  });
}

/**
 * The moment an officer starts the app again, some time after the crash: the files are aged past
 * the start-up cleanup's grace (which spares files another process may be writing right now).
 */
function ageFiles(dataDir: string): void {
  const past = new Date(Date.now() - COLLECT_GRACE_MS - 60_000);
  for (const file of filesUnder(dataDir)) utimesSync(join(dataDir, file), past, past);
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the committed writes add up to, kept across rounds. */
interface Expected {
  sites: Map<string, { name: string; phone: string | null }>;
  visits: Map<string, { siteId: string; findings: string }>;
  attachments: Map<string, { visitId: string; sha256: string; size: number; thumbnail: boolean }>;
}

/** Folds one round's `ok` lines into what must be there; answers the `try` left open. */
function record(expected: Expected, lines: string[]): { committed: number; open: Write | null } {
  let open: Write | null = null;
  let committed = 0;
  for (const line of lines) {
    if (line.startsWith('try ')) open = JSON.parse(line.slice(4)) as Write;
    if (!line.startsWith('ok ')) continue;
    const w = JSON.parse(line.slice(3)) as Write;
    open = null;
    committed++;
    if (w.kind === 'site') expected.sites.set(w.id!, { name: w.name, phone: null });
    if (w.kind === 'siteEdit') expected.sites.get(w.id)!.phone = w.phone;
    if (w.kind === 'visit') expected.visits.set(w.id!, { siteId: w.siteId, findings: w.findings });
    if (w.kind === 'attachment') expected.attachments.set(w.id!, { visitId: w.visitId, sha256: w.sha256!, size: w.size, thumbnail: w.thumbnail! });
  }
  return { committed, open };
}

/**
 * Throws, saying what is wrong, unless the database and its files are as the child left them.
 * Learns whether the edit under way at the kill committed.
 */
function check(dbFile: string, expected: Expected, open: Write | null, verified: Map<string, number>): void {
  const dataDir = resolve(dbFile, '..');
  const blobDir = join(dataDir, 'attachments');
  // The app's start-up: opening the core removes leftover temp files and unused attachment files.
  const core = openCore({ dbFile });
  try {
    const integrity = core.db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity_check: ${String(integrity)}`);

    for (const [id, want] of expected.sites) {
      const site = core.sites.get(id);
      if (site.name !== want.name) throw new Error(`site ${id}: name ${site.name}, reported ${want.name}`);
      // An edit under way at the kill may have committed without its `ok`: either value is right.
      const inFlight = open?.kind === 'siteEdit' && open.id === id ? open.phone : undefined;
      if (site.phone !== want.phone && site.phone !== inFlight) throw new Error(`site ${id}: phone ${site.phone}, reported ${want.phone}`);
      // It did commit: later rounds expect it.
      want.phone = site.phone;
    }
    for (const [id, want] of expected.visits) {
      const visit = core.visits.get(id);
      if (visit.siteId !== want.siteId || (visit.data as { findings?: string }).findings !== want.findings) {
        throw new Error(`visit ${id}: not as reported (${visit.siteId}, ${JSON.stringify(visit.data)})`);
      }
    }
    for (const [id, want] of expected.attachments) {
      const found = core.attachments.list(want.visitId).find((a) => a.id === id);
      if (!found || found.sha256 !== want.sha256 || found.size !== want.size || found.hasThumbnail !== want.thumbnail) {
        throw new Error(`attachment ${id}: not as reported (${JSON.stringify(found)})`);
      }
      // Its file is checked below with every row's.
    }

    // Every attachment row, reported or not (one may have committed just before the kill),
    // names a whole regular file, and every file is named by a row.
    const rows = core.db.prepare('SELECT id, sha256, size, thumb_sha256 FROM attachment').all() as { id: string; sha256: string; size: number; thumb_sha256: string | null }[];
    const named = new Set<string>();
    for (const row of rows) {
      for (const sha of [row.sha256, row.thumb_sha256]) {
        if (!sha) continue;
        named.add(sha);
        const path = core.blobs.pathOf(sha);
        const stats = lstatSync(path, { throwIfNoEntry: false });
        if (!stats?.isFile()) throw new Error(`attachment ${row.id}: no regular file for ${sha}`);
        if (sha === row.sha256 && stats.size !== row.size) throw new Error(`attachment ${row.id}: file ${sha} is partial (${stats.size} bytes, row says ${row.size})`);
        // A file checked after an earlier kill is hashed again only if its size changed (files are never rewritten).
        if (verified.get(sha) === stats.size) continue;
        if (sha256Of(readFileSync(path)) !== sha) throw new Error(`attachment ${row.id}: file ${sha} does not match its hash`);
        verified.set(sha, stats.size);
      }
    }
    const leftovers = filesUnder(dataDir).filter(isTemp);
    if (leftovers.length) throw new Error(`temp files left after start-up: ${leftovers.join(', ')}`);
    const unused = filesUnder(blobDir).filter((f) => !named.has(f.split('/').pop()!));
    if (unused.length) throw new Error(`attachment files no row names, left after start-up: ${unused.join(', ')}`);
  } finally {
    core.close();
  }
}

/**
 * Runs `kills` rounds on one database in `dir`: child, kill, start-up, check. `seed` names the
 * run (the kill moments and the child's choices); `onRound` hears of each round as it ends.
 */
export async function runCrashSoak({ dir, kills, seed, onRound }: { dir: string; kills: number; seed: number; onRound?: (round: CrashRound) => void }): Promise<CrashSoakReport> {
  const started = Date.now();
  const dbFile = join(dir, 'ikm-lapangan.sqlite');
  const setupApi = openApi({ dbFile });
  await call(setupApi, 'setup.save', KALTIM_SETUP);
  setupApi.close();

  const random = seededRandom(seed);
  const expected: Expected = { sites: new Map(), visits: new Map(), attachments: new Map() };
  const rounds: CrashRound[] = [];
  /** Attachment files found whole by an earlier round's check: sha256 → size. */
  const verified = new Map<string, number>();
  let committed = 0;
  for (let i = 0; i < kills; i++) {
    const moment = KILL_MOMENTS[i % KILL_MOMENTS.length];
    const spawnedAt = performance.now();
    const { lines, readyAt } = await runAndKill(dbFile, seed * 1_000 + i, moment, random);
    const killedAt = performance.now();
    const done = record(expected, lines);
    committed += done.committed;
    const blobFiles = (files: string[]) => files.filter((f) => f.startsWith('attachments/') && !isTemp(f)).length;
    const before = filesUnder(dir);
    ageFiles(dir);
    try {
      check(dbFile, expected, done.open, verified);
    } catch (error) {
      throw new Error(`crash soak seed ${seed}, round ${i + 1} (kill: ${moment}, during ${done.open?.kind ?? 'no write'}): ${(error as Error).message}`, { cause: error });
    }
    const round: CrashRound = {
      round: i + 1,
      moment,
      killedDuring: done.open?.kind ?? null,
      committed: done.committed,
      leftTemps: before.filter(isTemp).length,
      // check() found every file left named by a row: the rest were left by the kill.
      leftUnusedFiles: blobFiles(before) - blobFiles(filesUnder(dir)),
      ms: { start: Math.round((readyAt || killedAt) - spawnedAt), write: Math.round(readyAt ? killedAt - readyAt : 0), check: Math.round(performance.now() - killedAt) },
    };
    rounds.push(round);
    onRound?.(round);
  }
  return { rounds, committed, ms: Date.now() - started };
}
