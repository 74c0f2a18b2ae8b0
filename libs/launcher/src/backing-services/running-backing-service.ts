import type { ServiceProcess } from '../processes/child-processes';

/** A PostgreSQL or NATS the sandbox uses: its URL, how it is shown to people, and how to stop what was started. */
export interface RunningBackingService {
  url: string;
  /** One line for people: where it comes from (the URL's password left out). */
  description: string;
  /** The local process it runs as, when it is one the launcher started (watched like the services). */
  process?: ServiceProcess;
  stop(): Promise<void>;
}

/** A URL as shown to people: without its password. */
export function withoutPassword(url: string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return shown.toString();
}
