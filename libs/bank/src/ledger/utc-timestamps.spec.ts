import { isoTimestamp } from './utc-timestamps';

describe('booking times read as text are what toISOString gives', () => {
  it.each([
    ['2025-04-01 09:00:00+00', '2025-04-01T09:00:00.000Z'],
    ['2025-04-01 09:00:00.5+00', '2025-04-01T09:00:00.500Z'],
    ['2025-04-01 09:00:00.05+00', '2025-04-01T09:00:00.050Z'],
    ['2026-12-31 23:59:59.999+00', '2026-12-31T23:59:59.999Z'],
  ])('%s → %s', (text, iso) => {
    expect(isoTimestamp(text)).toBe(iso);
    expect(new Date(iso).toISOString()).toBe(iso);
  });

  it.each(['2025-04-01 10:00:00+01', '2025-04-01 09:00:00.1234+00', '2025-04-01T09:00:00Z', 'infinity', '12025-04-01 09:00:00+00'])(
    'refuses %s: a session outside UTC or a value it would get wrong',
    (text) => expect(() => isoTimestamp(text)).toThrow(`not a UTC timestamp to the millisecond: ${text}`),
  );
});
