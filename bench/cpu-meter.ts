import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds per process, read from /proc (Linux); empty elsewhere. */
function cpuByPid(match: (pid: number, comm: string) => boolean): Map<number, number> {
  const seconds = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return seconds;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces, so fields are counted after its ')'.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (!match(pid, comm)) continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after comm; in clock ticks (100/s on Linux).
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The process ended meanwhile.
    }
  }
  return seconds;
}

export interface CpuGroups {
  [group: string]: (pid: number, comm: string) => boolean;
}

/**
 * Where the CPU time of a measured window went, by group of processes (the API, the workers,
 * PostgreSQL, Redis, this load generator). A process started within the window counts whole;
 * one that ended within it is missed, so the window ends before the connections close.
 */
export class CpuMeter {
  private start = new Map<string, Map<number, number>>();

  constructor(private readonly groups: CpuGroups) {}

  begin(): void {
    this.start = new Map(Object.entries(this.groups).map(([name, match]) => [name, cpuByPid(match)]));
  }

  /** CPU milliseconds each group spent per unit of work (`units` done in the window). */
  end(units: number): Record<string, number> {
    const perUnit: Record<string, number> = {};
    for (const [name, match] of Object.entries(this.groups)) {
      const before = this.start.get(name) ?? new Map<number, number>();
      let spent = 0;
      for (const [pid, seconds] of cpuByPid(match)) {
        spent += seconds - (before.get(pid) ?? 0);
      }
      perUnit[name] = units > 0 ? Number(((spent * 1000) / units).toFixed(2)) : 0;
    }
    return perUnit;
  }
}

/** The database a PostgreSQL backend serves, from its title ("postgres: 15/main: user db 127.0.0.1(port) idle"). */
export function backendDatabase(pid: number): string | undefined {
  try {
    return /^postgres: (?:\S+: )?\S+ (\S+) /.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The groups of a bench server's run: its API and worker processes, PostgreSQL, Redis, and this
 * load generator. With `dbName`, PostgreSQL is the backends serving that database only: on a
 * machine shared with other test runs, the other databases' backends are not this run's cost.
 */
export function serverCpuGroups(pids: { api: number; worker?: number }, dbName?: string): CpuGroups {
  return {
    api: (pid) => pid === pids.api,
    workers: (pid) => pid === pids.worker,
    postgres: (pid, comm) => comm === 'postgres' && (dbName === undefined || backendDatabase(pid) === dbName),
    redis: (_pid, comm) => comm === 'redis-server',
    client: (pid) => pid === process.pid,
  };
}

/** `{ prefix_api: 1.6, ..., prefix_total: 3.1 }` from CPU milliseconds per group. */
export function cpuFigures(prefix: string, perUnit: Record<string, number>): Record<string, number> {
  const figures: Record<string, number> = {};
  let total = 0;
  for (const [group, ms] of Object.entries(perUnit)) {
    figures[`${prefix}_${group}`] = ms;
    total += ms;
  }
  figures[`${prefix}_total`] = Number(total.toFixed(2));
  return figures;
}
