import {
  accountsPermissionPresent,
  creditsOrDebitsNeedTransactions,
  onlyKnownPermissions,
  permissionsNotEmpty,
  transactionsNeedCreditsOrDebits,
  validatePermissions,
} from './permission-rules';

const codes = (errors: { ErrorCode: string }[]) => errors.map((e) => e.ErrorCode);

describe('account-access consent permissions (account-and-transaction profile)', () => {
  it('an empty permission list is refused as missing (U004)', () => {
    expect(permissionsNotEmpty([])).toEqual([{ ErrorCode: 'U004', Message: 'Permissions must not be empty', Path: 'Data.Permissions' }]);
    expect(permissionsNotEmpty(['ReadAccountsBasic'])).toEqual([]);
  });

  it('an unknown permission code is refused as invalid (U002), naming its index', () => {
    expect(onlyKnownPermissions(['ReadAccountsBasic', 'ReadEverything', 7])).toEqual([
      { ErrorCode: 'U002', Message: 'Unsupported permission "ReadEverything"', Path: 'Data.Permissions[1]' },
      { ErrorCode: 'U002', Message: 'Unsupported permission 7', Path: 'Data.Permissions[2]' },
    ]);
  });

  it('a consent must include ReadAccountsBasic or ReadAccountsDetail', () => {
    expect(codes(accountsPermissionPresent(['ReadBalances']))).toEqual(['U004']);
    expect(accountsPermissionPresent(['ReadAccountsBasic', 'ReadBalances'])).toEqual([]);
    expect(accountsPermissionPresent(['ReadAccountsDetail'])).toEqual([]);
    expect(accountsPermissionPresent(['ReadAccountsBasic', 'ReadAccountsDetail'])).toEqual([]);
  });

  it('transactions Basic/Detail need Credits or Debits', () => {
    expect(codes(transactionsNeedCreditsOrDebits(['ReadTransactionsBasic']))).toEqual(['U001']);
    expect(codes(transactionsNeedCreditsOrDebits(['ReadTransactionsDetail']))).toEqual(['U001']);
    expect(transactionsNeedCreditsOrDebits(['ReadTransactionsDetail', 'ReadTransactionsDebits'])).toEqual([]);
    expect(transactionsNeedCreditsOrDebits(['ReadTransactionsBasic', 'ReadTransactionsCredits'])).toEqual([]);
  });

  it('transactions Credits/Debits need Basic or Detail', () => {
    expect(codes(creditsOrDebitsNeedTransactions(['ReadTransactionsCredits']))).toEqual(['U001']);
    expect(codes(creditsOrDebitsNeedTransactions(['ReadTransactionsDebits']))).toEqual(['U001']);
    expect(creditsOrDebitsNeedTransactions(['ReadTransactionsBasic', 'ReadTransactionsDebits'])).toEqual([]);
  });

  it('validatePermissions returns every broken rule at once, and nothing for a valid list', () => {
    expect(codes(validatePermissions([]))).toEqual(['U004']);
    expect(codes(validatePermissions(['ReadBalances', 'ReadTransactionsCredits', 'Bogus']))).toEqual(['U002', 'U004', 'U001']);
    expect(
      validatePermissions([
        'ReadAccountsDetail',
        'ReadBalances',
        'ReadTransactionsDetail',
        'ReadTransactionsCredits',
        'ReadTransactionsDebits',
      ]),
    ).toEqual([]);
  });
});
