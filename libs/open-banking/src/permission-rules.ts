import { obError, type OBError1 } from './errors/ob-error-response';
import { isPermission, type Permission } from './permissions';

/** The JSON path of the permissions in an OBReadConsent1 request, as error `Path`s name it. */
const PERMISSIONS_PATH = 'Data.Permissions';

/** A permission rule of the account-and-transaction profile: the errors it finds, none when the request keeps it. */
export type PermissionRule = (permissions: readonly unknown[]) => OBError1[];

const has = (permissions: readonly unknown[], ...wanted: Permission[]) => wanted.some((p) => permissions.includes(p));

/** Rule: Permissions must not be empty (U004). */
export const permissionsNotEmpty: PermissionRule = (permissions) =>
  permissions.length === 0 ? [obError('U004', 'Permissions must not be empty', PERMISSIONS_PATH)] : [];

/** Rule: every entry must be an OBInternalPermissions1Code (U002). */
export const onlyKnownPermissions: PermissionRule = (permissions) =>
  permissions.flatMap((permission, index) =>
    isPermission(permission) ? [] : [obError('U002', `Unsupported permission ${JSON.stringify(permission)}`, `${PERMISSIONS_PATH}[${index}]`)],
  );

/** Rule: ReadAccountsBasic or ReadAccountsDetail must be present (U004). */
export const accountsPermissionPresent: PermissionRule = (permissions) =>
  permissions.length === 0 || has(permissions, 'ReadAccountsBasic', 'ReadAccountsDetail')
    ? []
    : [obError('U004', 'Permissions must include ReadAccountsBasic or ReadAccountsDetail', PERMISSIONS_PATH)];

/** Rule: ReadTransactionsBasic/Detail needs ReadTransactionsCredits or ReadTransactionsDebits (U001). */
export const transactionsNeedCreditsOrDebits: PermissionRule = (permissions) =>
  has(permissions, 'ReadTransactionsBasic', 'ReadTransactionsDetail') &&
  !has(permissions, 'ReadTransactionsCredits', 'ReadTransactionsDebits')
    ? [obError('U001', 'ReadTransactionsBasic/Detail requires ReadTransactionsCredits or ReadTransactionsDebits', PERMISSIONS_PATH)]
    : [];

/** Rule: ReadTransactionsCredits/Debits needs ReadTransactionsBasic or ReadTransactionsDetail (U001). */
export const creditsOrDebitsNeedTransactions: PermissionRule = (permissions) =>
  has(permissions, 'ReadTransactionsCredits', 'ReadTransactionsDebits') &&
  !has(permissions, 'ReadTransactionsBasic', 'ReadTransactionsDetail')
    ? [obError('U001', 'ReadTransactionsCredits/Debits requires ReadTransactionsBasic or ReadTransactionsDetail', PERMISSIONS_PATH)]
    : [];

export const PERMISSION_RULES: readonly PermissionRule[] = [
  permissionsNotEmpty,
  onlyKnownPermissions,
  accountsPermissionPresent,
  transactionsNeedCreditsOrDebits,
  creditsOrDebitsNeedTransactions,
];

/** All the errors a requested permission list breaks (ESSENTIALS.md §4); empty when the list is acceptable. */
export function validatePermissions(permissions: readonly unknown[]): OBError1[] {
  return PERMISSION_RULES.flatMap((rule) => rule(permissions));
}
