import type { IncomingMessage } from 'node:http';
import type { AccountAccessConsent } from '@fapi/nats-contract';
import type { OBReadAccount6, OBReadBalance1, OBReadTransaction6 } from '@fapi/open-banking';
import { selfLink } from '../../ob-http/links';
import { requestUrl } from '../../ob-http/request-url';
import { requireValidResourceId } from '../../ob-http/resource-id';
import { authorizeConsentAccess } from '../access/aisp-access';
import type { AispDependencies } from '../aisp-dependencies';
import { pageAsked, pageLinks } from './transaction-pages';
import { transactionWindow } from './transaction-window';

/*
 * accounts, balances, transactions: of every account of the consent, or (with the path's AccountId) of that one. Each
 * starts with authorizeConsentAccess (401; 403 for the scope, the token, the consent and its permissions, 403 U009 for
 * its status; for an AccountId outside the consent 403, or 400 U011 when no such account exists).
 */

const ACCOUNTS = ['ReadAccountsBasic', 'ReadAccountsDetail'] as const;
const BALANCES = ['ReadBalances'] as const;
const TRANSACTIONS = ['ReadTransactionsBasic', 'ReadTransactionsDetail'] as const;

/** Accounts and balances are one page: a consent covers a handful of accounts. */
const ONE_PAGE = { TotalPages: 1 };

/** Every resource response but transactions': Data, Links.Self and Meta. */
const resourceResponse = <D>(request: IncomingMessage, deps: AispDependencies, data: D) => ({
  Data: data,
  Links: { Self: selfLink(deps.bankUrl, request) },
  Meta: ONE_PAGE,
});

/** The accounts a request is about: the path's one, else every account of the consent. */
const accountsAsked = (consent: AccountAccessConsent, accountId?: string) => (accountId === undefined ? consent.accountIds : [accountId]);

/** GET accounts, accounts/{AccountId}. */
export async function readAccounts(request: IncomingMessage, deps: AispDependencies, accountId?: string): Promise<OBReadAccount6> {
  requireValidResourceId('AccountId', accountId); // 400 U002
  const { consent } = await authorizeConsentAccess(request, { anyPermissionOf: ACCOUNTS, accountId }, deps); // 401, 403, 400 U011
  return resourceResponse(request, deps, { Account: await deps.information.accounts(consent, accountsAsked(consent, accountId)) });
}

/** GET balances, accounts/{AccountId}/balances. */
export async function readBalances(request: IncomingMessage, deps: AispDependencies, accountId?: string): Promise<OBReadBalance1> {
  requireValidResourceId('AccountId', accountId); // 400 U002
  const { consent } = await authorizeConsentAccess(request, { anyPermissionOf: BALANCES, accountId }, deps); // 401, 403, 400 U011
  return resourceResponse(request, deps, { Balance: await deps.information.balances(accountsAsked(consent, accountId)) });
}

/**
 * GET transactions, accounts/{AccountId}/transactions: within the consent's window, narrowed by the query, one page at
 * a time (transaction-pages.ts: the query's `page`, Links to the others, Meta.TotalPages).
 */
export async function readTransactions(request: IncomingMessage, deps: AispDependencies, accountId?: string): Promise<OBReadTransaction6> {
  requireValidResourceId('AccountId', accountId); // 400 U002
  const { consent } = await authorizeConsentAccess(request, { anyPermissionOf: TRANSACTIONS, accountId }, deps); // 401, 403, 400 U011
  const query = requestUrl(request).searchParams;
  const window = transactionWindow(consent, query); // 400 U003
  const page = pageAsked(query); // 400 U002
  const { transactions, totalPages } = await deps.information.transactions(consent, accountsAsked(consent, accountId), window, page); // 400 U002 past the last
  return {
    Data: { Transaction: transactions },
    Links: pageLinks(selfLink(deps.bankUrl, request), page, totalPages),
    Meta: { TotalPages: totalPages },
  };
}
