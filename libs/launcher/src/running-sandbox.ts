import { type ServiceProcess, stopService } from './processes/child-processes';
import type { RunningBackingService } from './backing-services/running-backing-service';

/** Thrown into a start-up that a stop request (Ctrl-C) interrupted. */
export class SandboxStopped extends Error {
  constructor() {
    super('the sandbox was stopped while starting');
  }
}

/**
 * Everything one launcher started, and the order it comes down in: commands and services first (together), then
 * NATS, then PostgreSQL, so no service sees its NATS or database vanish while it still runs. A process that exits
 * while nobody asked it to is reported to `onUnexpectedExit` (the launcher then stops the rest: never half a sandbox).
 */
export class RunningSandbox {
  private readonly processes: ServiceProcess[] = [];
  private readonly backingServices: RunningBackingService[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly onUnexpectedExit: (process: ServiceProcess) => void) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Watches a process the sandbox started (a stop already under way stops it at once). A command (`finishes`: the
   * build, the migrations) is only stopped with the rest; a service's exit is unexpected.
   */
  adopt(process: ServiceProcess, { finishes = false } = {}): ServiceProcess {
    this.processes.push(process);
    process.child.once('exit', () => {
      if (!this.stopping && !finishes) this.onUnexpectedExit(process);
    });
    if (this.stopping) void stopService(process);
    return process;
  }

  adoptBackingService(service: RunningBackingService): RunningBackingService {
    this.backingServices.push(service);
    if (service.process) {
      service.process.child.once('exit', () => {
        if (!this.stopping && service.process) this.onUnexpectedExit(service.process);
      });
    }
    if (this.stopping) void service.stop();
    return service;
  }

  /** Fails a start-up step that comes after a stop request. */
  assertNotStopping(): void {
    if (this.stopping) throw new SandboxStopped();
  }

  /** Stops everything (once; later calls wait for the same stop). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.processes.map((process) => stopService(process)));
      for (const service of [...this.backingServices].reverse()) await service.stop().catch(() => undefined);
    })();
    return this.stopping;
  }

  /** Process ids of every process started, by name (backing services in containers have none). */
  pids(): Record<string, number> {
    const all = [...this.backingServices.flatMap((service) => (service.process ? [service.process] : [])), ...this.processes];
    return Object.fromEntries(all.filter((process) => process.child.pid).map((process) => [process.name, process.child.pid as number]));
  }
}
