import { readFile } from 'node:fs/promises';
import os from 'node:os';

const MIB = 2 ** 20;
/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** Resident set size now and its high-water mark since the process started, in MiB (Linux /proc). */
export async function memoryOf(pid: number): Promise<{ rssMiB: number; peakRssMiB: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: Math.round((kib('VmRSS') * 1024) / MIB), peakRssMiB: Math.round((kib('VmHWM') * 1024) / MIB) };
  } catch {
    return null; // the process is gone
  }
}

/** CPU seconds (user + system) the process has used so far. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name (which may contain spaces); utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Samples a process's RSS every `everyMs` until stopped; reports the highest seen, the kernel's
 * peak, and the share of the machine's CPUs the process used meanwhile (1 = every core busy).
 */
export async function sampleUsage(pid: number, everyMs = 250): Promise<{ stop: () => Promise<{ maxRssMiB: number; peakRssMiB: number; cpuShare: number }> }> {
  let maxRssMiB = 0;
  let peakRssMiB = 0;
  const cpu0 = await cpuSecondsOf(pid);
  const t0 = performance.now();
  const take = async () => {
    const m = await memoryOf(pid);
    if (!m) return;
    maxRssMiB = Math.max(maxRssMiB, m.rssMiB);
    peakRssMiB = Math.max(peakRssMiB, m.peakRssMiB);
  };
  const timer = setInterval(() => void take(), everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await take();
      const cpu = (await cpuSecondsOf(pid)) - cpu0;
      const wall = (performance.now() - t0) / 1000;
      return { maxRssMiB, peakRssMiB, cpuShare: Math.round((cpu / (wall * os.cpus().length)) * 100) / 100 };
    },
  };
}
