import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, type Page } from '@fapi/testing';
import { sandbox } from './sandbox-state';

/** A PSU at their browser: the steps a person takes on the fintech's and the bank's pages. */
export class Psu {
  readonly browser: Browser;

  constructor(
    readonly username: string,
    readonly password: string,
  ) {
    this.browser = new Browser(readFileSync(path.join(sandbox().certsDir, 'ca.pem'), 'utf8'));
  }

  /** On the fintech's home page, "Connect your bank": ends on the bank's login page. */
  async connectBankAt(fintechUrl: string): Promise<Page> {
    const home = await this.browser.open(`${fintechUrl}/`);
    expect(home.$('main#home').length).toBe(1);
    return this.browser.submit(home, 'form[action="/connect"]');
  }

  /** Logs in on the bank's login page: ends on the consent page. */
  async logIn(loginPage: Page): Promise<Page> {
    expect(loginPage.$('input[name=password]').length).toBe(1);
    return this.browser.submit(loginPage, 'form[action$="/login"]', { username: this.username, password: this.password });
  }

  async approve(consentPage: Page, accountIds: string[]): Promise<Page> {
    return this.followHybridRelay(await this.browser.submit(consentPage, 'form[action$="/consent"]', { accountIds }, '[value=approve]'));
  }

  async deny(consentPage: Page): Promise<Page> {
    return this.followHybridRelay(await this.browser.submit(consentPage, 'form[action$="/consent"]', {}, '[value=deny]'));
  }

  /**
   * The hybrid response comes back in the URL fragment, which only the callback page's script can read; a browser runs
   * that script, which posts the fragment's parameters to the page's form. This does what the script does.
   */
  private async followHybridRelay(page: Page): Promise<Page> {
    if (page.$('main#callback-relay').length === 0) return page;
    const fragment = new URLSearchParams(new URL(page.url).hash.slice(1));
    return this.browser.submit(page, 'form#authorization-response', Object.fromEntries(fragment));
  }

  /** "Disconnect your bank" on the fintech's accounts page: ends on the page that confirms it. */
  async disconnect(accountsPage: Page): Promise<Page> {
    return this.browser.submit(accountsPage, 'form[action="/disconnect"]');
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** The consent page's lists, as the PSU reads them. */
export function consentPageShows(page: Page): { permissions: string[]; accounts: string[]; facts: Record<string, string> } {
  const facts: Record<string, string> = {};
  page.$('dl dt').each((_, dt) => {
    facts[page.$(dt).text().trim()] = page.$(dt).next('dd').text().trim();
  });
  return {
    permissions: page.$('#permissions li').map((_, li) => page.$(li).text().trim()).get(),
    accounts: page.$('input[name=accountIds]').map((_, input) => page.$(input).attr('value') as string).get(),
    facts,
  };
}

/** What the fintech shows of one shared account: on the accounts page, then on the account's own pages. */
export interface AccountShown {
  accountId: string;
  nickname: string;
  sortCode: string;
  accountNumber: string;
  balances: Array<{ type?: string; amount?: string; creditDebit?: string }>;
  /** Every transaction, newest first, read page by page through the "Older transactions" links. */
  transactionIds: string[];
}

/**
 * What the fintech's accounts page shows for each shared account, with the transactions of each account read as a
 * PSU reads them: its link, then "Older transactions" until there are none (each page at most `pageSize` long).
 */
export async function accountsPageShows(psu: Psu, page: Page, pageSize = 20): Promise<AccountShown[]> {
  const shown: AccountShown[] = [];
  for (const section of page.$('section.account').toArray()) {
    const $section = page.$(section);
    const transactionIds: string[] = [];
    let accountPage = await psu.browser.open(new URL($section.find('a.account-link').attr('href') as string, page.url).href);
    for (;;) {
      const ids = accountPage.$('tr.transaction').map((_, row) => accountPage.$(row).attr('data-transaction-id') as string).get();
      expect(ids.length).toBeLessThanOrEqual(pageSize);
      transactionIds.push(...ids);
      const older = accountPage.$('a[rel=next]').first().attr('href');
      if (!older) break;
      accountPage = await psu.browser.open(new URL(older, accountPage.url).href);
    }
    shown.push({
      accountId: $section.attr('data-account-id') as string,
      nickname: $section.find('.account-nickname').text().trim(),
      sortCode: $section.find('.sort-code').text().trim(),
      accountNumber: $section.find('.account-number').text().trim(),
      balances: $section
        .find('dd.balance')
        .map((__, dd) => ({ type: page.$(dd).attr('data-balance-type'), amount: page.$(dd).attr('data-amount'), creditDebit: page.$(dd).attr('data-credit-debit') }))
        .get(),
      transactionIds,
    });
  }
  return shown;
}
