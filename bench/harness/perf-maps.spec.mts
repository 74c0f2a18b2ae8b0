import { newestPerfMapEntries } from './perf-maps.mts';

describe('a perf map names each address after the code that lived there last', () => {
  it('drops an older entry that newer code now overlaps, whichever starts first', () => {
    const map = [
      '1000 200 JS:+parse htmlparser2', // freed, then its addresses reused by the two below
      '1000 80 JS:*httpCall',
      '1100 40 JS:+onwrite',
      '2000 10 JS:^kept',
      '',
    ].join('\n');
    expect(newestPerfMapEntries(map)).toBe(['1000 80 JS:*httpCall', '1100 40 JS:+onwrite', '2000 10 JS:^kept', ''].join('\n'));
  });

  it('keeps an older entry that no newer one overlaps; of two that overlap, the older goes', () => {
    const map = ['10 10 JS:old', '18 4 JS:new', '30 4 JS:alone'].join('\n');
    expect(newestPerfMapEntries(map)).toBe(['18 4 JS:new', '30 4 JS:alone', ''].join('\n'));
  });

  it('keeps entries that only touch (one ends where the next begins)', () => {
    const map = ['10 10 JS:first', '20 10 JS:second'].join('\n');
    expect(newestPerfMapEntries(map)).toBe(['10 10 JS:first', '20 10 JS:second', ''].join('\n'));
  });

  it('drops an older entry that starts inside a newer one', () => {
    const map = ['14 4 JS:older', '10 10 JS:newer'].join('\n');
    expect(newestPerfMapEntries(map)).toBe(['10 10 JS:newer', ''].join('\n'));
  });
});
