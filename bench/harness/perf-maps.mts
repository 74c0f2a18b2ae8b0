/**
 * Node.js's perf maps (`--perf-basic-prof`: /tmp/perf-<pid>.map, a line `<start> <size> <name>` in hex per piece of
 * code V8 made) only ever grow: when V8 frees code and reuses its addresses, the new code's line comes after the old
 * one's, both covering the same addresses, and perf may name a sample after the freed code (a load generator's
 * `JSON.parse` in `httpCall` was named `parse` of htmlparser2, which it never ran). `newestPerfMapEntries` keeps, of
 * entries that overlap, the one written last: the code that lived there most recently, which is what a profile of
 * steady load ran.
 */

interface Entry {
  start: bigint;
  end: bigint;
  /** Its line's place in the map: later lines describe newer code. */
  order: number;
  line: string;
}

const ENTRY = /^([0-9a-fA-F]+) ([0-9a-fA-F]+) /;

/** The map's lines without the older of any two that overlap, by start address. Lines that are not entries are dropped. */
export function newestPerfMapEntries(map: string): string {
  const entries: Entry[] = [];
  for (const [order, line] of map.split('\n').entries()) {
    const parsed = ENTRY.exec(line);
    if (!parsed) continue;
    const start = BigInt(`0x${parsed[1]}`);
    entries.push({ start, end: start + BigInt(`0x${parsed[2]}`), order, line });
  }
  entries.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.order - b.order));
  const kept: Entry[] = [];
  for (const entry of entries) {
    let survives = true;
    // a newer entry pushes out every older one it overlaps; an older one is dropped where a newer one holds its place
    while (kept.length > 0 && kept[kept.length - 1].end > entry.start) {
      if (kept[kept.length - 1].order > entry.order) {
        survives = false;
        break;
      }
      kept.pop();
    }
    if (survives) kept.push(entry);
  }
  return kept.map((entry) => `${entry.line}\n`).join('');
}
