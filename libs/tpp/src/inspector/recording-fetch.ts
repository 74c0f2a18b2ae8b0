import { Logger } from '@nestjs/common';
import type { CustomFetch } from 'openid-client';
import type { JourneyRecorder } from './journey-recorder';

const logger = new Logger('FlowInspector');

/** A request body as the text that went on the wire (openid-client sends forms as URLSearchParams). */
const bodyText = (body: unknown): string => (typeof body === 'string' || body instanceof URLSearchParams ? body.toString() : '');

/**
 * The fetch every call of the fintech to the AS and the bank goes through (discovery, PAR, token, JWKS, OB calls,
 * DPoP-bound or not), recording each exchange into the journey of the current request. A call outside a journey
 * goes through unrecorded; a recorder fault is logged (its message only) and never fails the call.
 */
export function recordingFetch(recorder: JourneyRecorder, fetch: CustomFetch): CustomFetch {
  return async (url, options) => {
    const journey = await recorder.current();
    if (!journey) return fetch(url, options);
    const request = { url, method: options.method, headers: new Headers(options.headers), body: bodyText(options.body) };
    const record = (response: Response | Error) =>
      recorder.exchange(journey, { ...request, response }).catch((error: unknown) => {
        logger.warn(`the flow inspector could not record ${options.method} ${new URL(url).pathname}: ${error instanceof Error ? error.message : String(error)}`);
      });
    let response: Response;
    try {
      response = await fetch(url, options);
    } catch (error) {
      await record(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    await record(response.clone());
    return response;
  };
}
