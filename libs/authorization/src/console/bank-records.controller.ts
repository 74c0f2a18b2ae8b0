import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { RecordingQueue } from '@fapi/developer-console';
import { type ConsoleRecord, Events, MOST_CONSOLE_RECORDS_PER_EVENT } from '@fapi/nats-contract';
import { CONSOLE_RECORDING } from '../tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isText = (value: unknown, max: number) => typeof value === 'string' && value.length > 0 && value.length <= max;
const optionalText = (value: unknown, max: number) => value === undefined || isText(value, max);

/**
 * A record as the bank announces it, or undefined when it is not one: the bank redacts (@fapi/developer-console) before
 * it announces, the console shows what it stores, so the shape is checked here, at the edge.
 */
function bankRecordOf(payload: unknown): ConsoleRecord | undefined {
  const record = (payload ?? {}) as Partial<ConsoleRecord>;
  const valid =
    isText(record.id, 36) && UUID.test(String(record.id)) &&
    record.service === 'bank' &&
    isText(record.clientId, 255) &&
    isText(record.at, 40) && !Number.isNaN(Date.parse(String(record.at))) &&
    isText(record.method, 16) &&
    isText(record.endpoint, 2048) &&
    Number.isInteger(record.status) &&
    (record.verdict === 'accepted' || record.verdict === 'refused') &&
    (record.interactionId === undefined || UUID.test(String(record.interactionId))) &&
    optionalText(record.rule, 200) && optionalText(record.error, 200) && optionalText(record.description, 1000) &&
    record.jwts === undefined;
  if (!valid) return undefined;
  const { id, service, clientId, at, method, endpoint, status, interactionId, verdict, rule, error, description } = record as ConsoleRecord;
  return { id, service, clientId, at, method, endpoint, status, interactionId, verdict, rule, error, description };
}

/**
 * The records an announcement of the bank carries that are records (each checked by bankRecordOf); none when it is not
 * an announcement of at most MOST_CONSOLE_RECORDS_PER_EVENT records.
 */
function bankRecordsOf(payload: unknown): ConsoleRecord[] {
  const records = (payload as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || records.length > MOST_CONSOLE_RECORDS_PER_EVENT) return [];
  return records.map(bankRecordOf).filter((record) => record !== undefined);
}

/** Stores the bank's records (Events.consoleRequestsRecorded) for the console, through the AS's own recording queue. */
@Controller()
export class BankRecordsController {
  constructor(@Inject(CONSOLE_RECORDING) private readonly recording: RecordingQueue) {}

  @EventPattern(Events.consoleRequestsRecorded)
  stored(@Payload() payload: unknown): void {
    for (const record of bankRecordsOf(payload)) this.recording.record(record);
  }
}
