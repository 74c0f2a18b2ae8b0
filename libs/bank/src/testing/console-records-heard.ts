import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ConsoleRecord, type ConsoleRecordsRecorded, Events } from '@fapi/nats-contract';
import { eventually, type RunningNatsFake, startNatsFake } from '@fapi/testing';

const HEARD = Symbol('HEARD');

/** The developer console's records the bank announced, as the authorization server hears them (its NATS event). */
export class ConsoleRecordsHeard {
  readonly records: ConsoleRecord[] = [];

  /** The records of `clientId` citing `rule`. */
  citing(clientId: string, rule: string): ConsoleRecord[] {
    return this.records.filter((record) => record.clientId === clientId && record.rule === rule);
  }

  /** The clients whose records cite `rule`. */
  clientsCiting(rule: string): string[] {
    return [...new Set(this.records.filter((record) => record.rule === rule).map((record) => record.clientId))];
  }

  /** Waits until more than `before` records of `clientId` cite `rule` (the announcement is asynchronous). */
  awaitCiting(clientId: string, rule: string, before: number): Promise<ConsoleRecord[]> {
    return eventually(() => {
      const records = this.citing(clientId, rule);
      return records.length > before ? records : undefined;
    }, `a console record of ${clientId} citing ${rule}`, { attempts: 50 });
  }
}

@Controller()
class ConsoleRecordsListener {
  constructor(@Inject(HEARD) private readonly heard: ConsoleRecordsHeard) {}

  @EventPattern(Events.consoleRequestsRecorded)
  record(@Payload() { records }: ConsoleRecordsRecorded): void {
    this.heard.records.push(...records);
  }
}

/** Listens on the bank's NATS server, in the tests' namespace, to what the bank announces for the developer console. */
export function listenToConsoleRecords(natsUrl: string): Promise<RunningNatsFake<ConsoleRecordsHeard>> {
  return startNatsFake(natsUrl, ConsoleRecordsListener, HEARD, new ConsoleRecordsHeard());
}
