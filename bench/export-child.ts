// One export of the whole visit log in its own process, so its peak memory is its own:
//   node --import tsx bench/export-child.ts DB FORMAT OUT [no-mmap]
// Prints {"seconds": …, "cpuSeconds": …, "peakRssMb": …, "visits": …, "sites": …}. "no-mmap" turns off SQLite's
// memory-mapped reads, to tell the export's own memory from the database file mapped into RSS.
import { openCore } from '../db/core';
import { runExport } from '../db/export/run-export';
import { ExportRequest, type ExportResult } from '../db/model/export';

const [dbFile, format, out, mode] = process.argv.slice(2);
const core = openCore({ dbFile, shell: { chooseSavePath: async () => out } });
if (mode === 'no-mmap') core.db.pragma('mmap_size = 0');
const officer = core.settings.getOfficer(core.settings.getSetup()!.officerId)!;
const request = ExportRequest.parse({ source: 'visits', format });
const start = performance.now();
const cpuStart = process.cpuUsage();
const job = core.jobs.start('export', (ctx) => runExport({ core, request, target: out, officer, ctx }));
const progress = await core.jobs.finished(job.id);
const seconds = (performance.now() - start) / 1000;
// CPU time (user + system) beside the wall time: on a shared machine the wall time swings with the load.
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
if (progress.state !== 'done') throw new Error(JSON.stringify(progress));
const result = progress.result as ExportResult;
core.close();
// maxRSS is in kilobytes: the high-water mark of the whole process.
console.log(JSON.stringify({ seconds, cpuSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024, visits: result.visits, sites: result.sites }));
