/** CPU time of processes, from /proc (proc(5)): the figures behind every bench's "CPU ms/op". */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of a process (with `reaped`, also cutime + cstime: its children that ended and were waited for), in ms. */
function cpuMsOfStat(stat: string, reaped = false): number {
  // Fields after the command name (which may hold spaces and parentheses, hence from the last ')'): utime is the 14th,
  // stime the 15th, cutime and cstime the 16th and 17th.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

export function cpuMsOf(pid: number): number {
  return cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * CPU of every process on the machine whose command is `command` (PostgreSQL's server and its backends, say), with
 * their reaped children's, so that a backend ending within a window still counts. Every user's processes: a figure
 * for an otherwise idle machine.
 */
export function machineCpuMsOf(command: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === command) total += cpuMsOfStat(stat, true);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

/** What else the machine spends on a bench's operations, beside the servers (issue 11: what two cores can reach). */
function supportingCpuMs(): Record<string, number> {
  const { user, system } = process.cpuUsage();
  return { 'load generator': (user + system) / 1000, PostgreSQL: machineCpuMsOf('postgres'), NATS: machineCpuMsOf('nats-server') };
}

/**
 * Starts counting what the load generator (this process), PostgreSQL and NATS spend; the function it returns gives, at
 * the end of a window of `operations`, each one's CPU ms per operation as bench figures (`<what> CPU ms/op`).
 */
export function countSupportingCpu(): (operations: number) => Record<string, number> {
  const before = supportingCpuMs();
  return (operations) =>
    Object.fromEntries(Object.entries(supportingCpuMs()).map(([what, ms]) => [`${what} CPU ms/op`, operations ? (ms - before[what]) / operations : 0]));
}
