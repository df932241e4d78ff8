import { uptime } from 'node:os';

/**
 * Is the laptop's clock clearly wrong, now, between syncs? Every sync reply carries the hub's
 * time; remembered with the machine's uptime at that moment, the hub's time now is that time plus
 * the uptime elapsed since (uptime counts on while the laptop sleeps, and a change of the date and
 * time does not move it). So a clock set a day ahead in the field shows on the forms at once, not
 * only at the next sync, when the hub would refuse what was written meanwhile.
 */

/** The hub's clock, and this machine's clock and uptime, at one moment (ms). */
export interface ClockReference {
  hubTime: number;
  wall: number;
  uptime: number;
}

/** This machine's uptime in ms (counts while asleep; untouched by a change of the date and time). */
export const machineUptimeMs = (): number => uptime() * 1000;

/** Below this the laptop and hub clocks are taken to agree (network delay, uptime's resolution). */
const SAME_BOOT_TOLERANCE_MS = 60_000;

/**
 * The laptop clock minus the hub's clock now, from a reference: null when it cannot be known.
 * `sameProcess`: the reference was taken by this process, so the machine has not restarted since.
 * A reference from an earlier run is used only while the machine's boot time, read on the laptop's
 * clock, is the one it had then: no restart and no change of the clock. Otherwise only a clock
 * behind the last hub time seen is sure to be wrong.
 */
export function clockSkewNow(ref: ClockReference, wallNow: number, uptimeNow: number, sameProcess: boolean): number | null {
  const bootThen = ref.wall - ref.uptime;
  const bootNow = wallNow - uptimeNow;
  if (uptimeNow >= ref.uptime && (sameProcess || Math.abs(bootNow - bootThen) <= SAME_BOOT_TOLERANCE_MS)) {
    return Math.round(wallNow - (ref.hubTime + (uptimeNow - ref.uptime)));
  }
  return wallNow < ref.hubTime ? Math.round(wallNow - ref.hubTime) : null;
}
