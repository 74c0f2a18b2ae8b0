/** How many transactions an account page shows at once: a phone screen or two, not a 3,000-pixel page. */
export const TRANSACTIONS_PER_PAGE = 20;

/** One page of a list: its items, which page it is (from 1) and how many there are. */
export interface ListPage<T> {
  items: T[];
  number: number;
  count: number;
  /** The list's length, and the position (from 1) of this page's first item. */
  total: number;
  first: number;
}

/**
 * The page a `?page=` parameter asks for. A missing or malformed one is the first page, one past the end the last:
 * an old link or a hand-edited address still shows transactions rather than an error.
 */
export function listPage<T>(items: readonly T[], requested: string | undefined, size = TRANSACTIONS_PER_PAGE): ListPage<T> {
  const count = Math.max(1, Math.ceil(items.length / size));
  const asked = requested !== undefined && /^[1-9]\d{0,8}$/.test(requested) ? Number(requested) : 1;
  const number = Math.min(asked, count);
  const start = (number - 1) * size;
  return { items: items.slice(start, start + size), number, count, total: items.length, first: start + 1 };
}
