// One export in its own process, so its peak memory is its own: `node --import tsx bench/export-child.ts DB FORMAT OUT`.
// Prints {"seconds": …, "peakRssMb": …, "visits": …, "sites": …} on stdout.
import { openApi } from '../db/api';
import type { ExportResult } from '../db/model/export';
import type { JobProgress } from '../db/model/job';

const [dbFile, format, out] = process.argv.slice(2);
const api = openApi({ dbFile, shell: { chooseSavePath: async () => out } });
const start = performance.now();
const started = await api.dispatch('export.start', { source: 'visits', format });
if (!started.ok || !started.value) throw new Error(JSON.stringify(started));
let progress = started.value as JobProgress;
while (progress.state === 'running') {
  const next = await api.dispatch('job.watch', { id: progress.id, after: progress.seq });
  if (!next.ok) throw new Error(JSON.stringify(next.error));
  progress = next.value as JobProgress;
}
const seconds = (performance.now() - start) / 1000;
if (progress.state !== 'done') throw new Error(JSON.stringify(progress));
const result = progress.result as ExportResult;
api.close();
// maxRSS is in kilobytes: the high-water mark of the whole process.
console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, visits: result.visits, sites: result.sites }));
