import type { Links } from '@fapi/open-banking';
import { ObError } from '@fapi/open-banking';
import { BANK_REQUEST_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';

/**
 * How many transactions a page of GET transactions holds. The Read/Write API lets an ASPSP paginate a GET that returns
 * many records, naming the other pages in Links (First, Prev, Next, Last) and their number in Meta.TotalPages; three
 * months of a busy account are hundreds of transactions, which one answer would carry whole to every read.
 */
const TRANSACTIONS_PER_PAGE = 50;

/** The query parameter that names a page (1 when absent): the bank's own, as only its Links ever write it. */
const PAGE = 'page';

/** Far past any real page: keeps the offset a safe integer whatever the query says. */
const LAST_PAGE_ASKABLE = 1_000_000;

/** Rule: `page` is a whole number from 1 (400 U002 otherwise; past the last page: transactionPage). */
export function pageAsked(query: URLSearchParams): number {
  const value = query.get(PAGE);
  if (value === null) return 1;
  const page = /^[1-9]\d*$/.test(value) ? Number(value) : 0;
  if (page < 1 || page > LAST_PAGE_ASKABLE) throw ObError.of('U002', refusalText(RULES.pageParameter, `page ${JSON.stringify(value.slice(0, 20))} is not a page number`), PAGE);
  return page;
}

/**
 * Page `page` of `items` and how many pages there are (an empty list is one empty page). Rule: a page past the last
 * one is refused (400 U002), as no Links ever named it.
 */
export function transactionPage<T>(items: readonly T[], page: number): { onPage: T[]; totalPages: number } {
  const onPage = items.slice((page - 1) * TRANSACTIONS_PER_PAGE, page * TRANSACTIONS_PER_PAGE);
  if (onPage.length === 0 && page > 1) throw ObError.of('U002', refusalText(RULES.pageParameter, `page ${page} is past the last page`), PAGE);
  return { onPage, totalPages: Math.max(1, Math.ceil(items.length / TRANSACTIONS_PER_PAGE)) };
}

/**
 * Links of page `page` of `totalPages`: Self as asked, First and Last always, Prev and Next where they exist, each the
 * request's own URL (its filters kept) with the page changed.
 */
export function pageLinks(self: string, page: number, totalPages: number): Links {
  const url = new URL(self);
  const linkTo = (to: number) => {
    url.searchParams.set(PAGE, String(to));
    return url.toString();
  };
  return {
    Self: self,
    First: linkTo(1),
    ...(page > 1 && { Prev: linkTo(page - 1) }),
    ...(page < totalPages && { Next: linkTo(page + 1) }),
    Last: linkTo(totalPages),
  };
}
