import type { IndependentTpp } from './independent-tpp';

interface ObBalances {
  Data: { Balance: Array<{ AccountId: string; Type: string; Amount: { Amount: string }; CreditDebitIndicator: string }> };
}

/** Booked (ITBD) balances in pence, signed, of every account an AISP token may read (GET balances). */
export async function bookedBalances(tpp: IndependentTpp, accessToken: string): Promise<Map<string, number>> {
  const answer = await tpp.bank<ObBalances>('GET', 'balances', accessToken);
  if (answer.status !== 200) throw new Error(`balances refused: ${answer.status} ${answer.text}`);
  return new Map(
    answer.body.Data.Balance.filter((balance) => balance.Type === 'ITBD').map((balance) => [
      balance.AccountId,
      (balance.CreditDebitIndicator === 'Debit' ? -1 : 1) * Math.round(Number(balance.Amount.Amount) * 100),
    ]),
  );
}

export async function bookedBalance(tpp: IndependentTpp, accessToken: string, accountId: string): Promise<number> {
  const balance = (await bookedBalances(tpp, accessToken)).get(accountId);
  if (balance === undefined) throw new Error(`no booked balance for ${accountId}`);
  return balance;
}
