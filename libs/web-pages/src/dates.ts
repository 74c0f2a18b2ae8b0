import { html, type SafeHtml } from './html';

/**
 * Times are shown as a UK customer reads them, in UK time (GMT or BST), whatever the server's own time zone: the
 * sandbox bank is a UK bank and its PSUs are in the UK. The `<time datetime>` keeps the exact instant for machines.
 */
const UK = { locale: 'en-GB', timeZone: 'Europe/London' } as const;

const DATE = new Intl.DateTimeFormat(UK.locale, { timeZone: UK.timeZone, day: 'numeric', month: 'short', year: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat(UK.locale, {
  timeZone: UK.timeZone,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const TIME = new Intl.DateTimeFormat(UK.locale, { timeZone: UK.timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

const instant = (value: string | Date) => (value instanceof Date ? value : new Date(value));

function time(value: string | Date, format: Intl.DateTimeFormat): SafeHtml {
  const at = instant(value);
  // Not a date at all (a TPP's or bank's malformed value): shown as given, escaped, rather than "Invalid Date".
  if (Number.isNaN(at.getTime())) return html`${String(value)}`;
  return html`<time datetime="${at.toISOString()}">${format.format(at)}</time>`;
}

/** "6 Dec 2026" in a `<time datetime>` element. */
export const formatDate = (value: string | Date): SafeHtml => time(value, DATE);

/** "6 Dec 2026, 08:06" in a `<time datetime>` element. */
export const formatDateTime = (value: string | Date): SafeHtml => time(value, DATE_TIME);

/** "08:06:30" (UK time) in a `<time datetime>` element: a moment later today, such as when a pause ends. */
export const formatTime = (value: string | Date): SafeHtml => time(value, TIME);
