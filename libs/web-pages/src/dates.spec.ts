import { formatDate, formatDateTime, formatTime } from './dates';

describe('dates are shown as people in the UK read them, the exact instant kept for machines', () => {
  it('a date and time in winter (GMT): "6 Dec 2026, 08:06" in a <time datetime> element', () => {
    expect(formatDateTime('2026-12-06T08:06:59Z').value).toBe('<time datetime="2026-12-06T08:06:59.000Z">6 Dec 2026, 08:06</time>');
  });

  it('in summer the time is UK time (BST, UTC+1), whatever the server zone', () => {
    expect(formatDateTime('2026-07-01T23:30:00+00:00').value).toBe('<time datetime="2026-07-01T23:30:00.000Z">2 Jul 2026, 00:30</time>');
    expect(formatDate('2026-07-01T23:30:00Z').value).toBe('<time datetime="2026-07-01T23:30:00.000Z">2 Jul 2026</time>');
  });

  it('an offset in the OB value is honoured', () => {
    expect(formatDateTime('2026-12-06T10:06:00+02:00').value).toContain('>6 Dec 2026, 08:06<');
  });

  it('a time of day in 24-hour UK time', () => {
    expect(formatTime(new Date('2026-12-06T18:05:09Z')).value).toBe('<time datetime="2026-12-06T18:05:09.000Z">18:05:09</time>');
  });

  it('a value that is not a date is shown as given, escaped, never as "Invalid Date"', () => {
    expect(formatDateTime('<b>soon</b>').value).toBe('&lt;b&gt;soon&lt;/b&gt;');
  });
});
