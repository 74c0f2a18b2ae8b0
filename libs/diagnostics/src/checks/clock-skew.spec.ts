import type { ReachedServer } from '../diagnosis-context';
import { DiagnosisContext } from '../diagnosis-context';
import { clockSkew, skewSeconds } from './clock-skew';

const SERVER_TIME = new Date('2026-12-06T12:00:00.000Z');

/** A server whose Date header says SERVER_TIME, answered when this machine's (fake) clock read `localTime`. */
const reached = (localTime: Date, date = SERVER_TIME.toUTCString()): ReachedServer => ({
  url: 'https://as.example/.well-known/openid-configuration',
  answer: { status: 200, headers: { date }, text: '{}', json: {} },
  receivedAt: localTime,
});

const later = (seconds: number) => new Date(SERVER_TIME.getTime() + seconds * 1000);

function clockCheckAt(asLocalTime: Date, bankLocalTime?: Date) {
  const context = new DiagnosisContext({ folder: '/onboarded/faked', https: jest.fn(), now: () => asLocalTime });
  context.authorizationServer = { ...reached(asLocalTime), endpoints: {} as never };
  if (bankLocalTime) context.bank = reached(bankLocalTime);
  return clockSkew.run(context);
}

describe('clock skew: this machine against the Date headers of the AS and the bank (tolerance 15 s at our AS)', () => {
  it("reads a Date header's second as its middle: half a second after it is no skew", () => {
    expect(skewSeconds(reached(later(0.5)))).toBe(0);
    expect(skewSeconds(reached(later(12.5)))).toBe(12);
    expect(skewSeconds(reached(later(-19.5)))).toBe(-20);
    expect(skewSeconds(reached(later(0), 'not a date'))).toBeUndefined();
  });

  it('within 10 s passes, naming the servers compared', () => {
    expect(clockCheckAt(later(3), later(-2))).toEqual({ status: 'ok', summary: "this machine's clock agrees with the authorization server and the bank within 3 s" });
  });

  it('above 10 s is a warning, not yet a refusal', () => {
    expect(clockCheckAt(later(12.5))).toEqual({
      status: 'warning',
      summary: "this machine's clock is 12 s ahead of the authorization server",
      fix: "synchronise this machine's clock (NTP): FAPI requests carry iat, nbf and exp, and our authorization server tolerates 15 s",
    });
  });

  it('above 15 s is a problem: the worst server is named', () => {
    expect(clockCheckAt(later(2), later(-40))).toMatchObject({ status: 'problem', summary: "this machine's clock is 40 s behind the bank: the AS refuses your signed requests" });
  });
});
