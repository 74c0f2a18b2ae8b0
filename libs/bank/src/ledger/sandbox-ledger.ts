/**
 * The sandbox bank's fixed data: customers, accounts and three months of booked transactions, the same on every
 * machine and every run (dates count from LEDGER_START, never from "now"), so tests and trainers can rely on them.
 * libs/bank/README.md lists the same customers, passwords, accounts and closing balances.
 */

/** The first day of the seeded ledger; each account has three 30-day cycles of transactions from here. */
export const LEDGER_START = '2025-04-01T00:00:00.000Z';
const CYCLES = 3;
const CYCLE_DAYS = 30;

/** Sort code of every sandbox account (99-xx-xx sort codes are not issued to real banks). */
export const SANDBOX_SORT_CODE = '990001';

export interface SandboxCustomer {
  psuId: string;
  username: string;
  /** The sandbox login password (stored only as a scrypt hash). */
  password: string;
  name: string;
}

type LedgerKind = 'everyday' | 'savings' | 'business' | 'travel';

export interface SandboxAccount {
  accountId: string;
  psuId: string;
  nickname: string;
  currency: 'GBP';
  sortCode: string;
  accountNumber: string;
  accountCategory: 'Personal' | 'Business';
  accountTypeCode: 'CACC' | 'SVGS';
  openingDate: string;
  openingBalanceMinor: number;
  /** How far below zero the balance may go, in minor units (0: no overdraft). */
  overdraftLimitMinor: number;
  /** Which pattern of transactions the account has, and its amounts in percent of the pattern's. */
  ledger: { kind: LedgerKind; scalePercent: number };
}

export interface Counterparty {
  name: string;
  sortCode: string;
  accountNumber: string;
}

export interface SandboxTransaction {
  transactionId: string;
  accountId: string;
  amountMinor: number;
  creditDebit: 'Credit' | 'Debit';
  bookingDateTime: string;
  valueDateTime: string;
  information: string;
  reference?: string;
  proprietaryCode: string;
  merchantName?: string;
  merchantCategoryCode?: string;
  counterparty?: Counterparty;
}

export const SANDBOX_CUSTOMERS: readonly SandboxCustomer[] = [
  { psuId: 'psu-mia', username: 'mia', password: 'mia-sandbox-pass', name: 'Mia Hartley' },
  { psuId: 'psu-noah', username: 'noah', password: 'noah-sandbox-pass', name: 'Noah Okafor' },
  { psuId: 'psu-ava', username: 'ava', password: 'ava-sandbox-pass', name: 'Ava Lindqvist' },
];

const account = (
  accountId: string,
  psuId: string,
  nickname: string,
  accountNumber: string,
  kind: LedgerKind,
  scalePercent: number,
  openingBalanceMinor: number,
  openingDate: string,
  overdraftLimitMinor = 0,
): SandboxAccount => ({
  accountId,
  psuId,
  nickname,
  currency: 'GBP',
  sortCode: SANDBOX_SORT_CODE,
  accountNumber,
  accountCategory: kind === 'business' ? 'Business' : 'Personal',
  accountTypeCode: kind === 'savings' ? 'SVGS' : 'CACC',
  openingDate,
  openingBalanceMinor,
  overdraftLimitMinor,
  ledger: { kind, scalePercent },
});

export const SANDBOX_ACCOUNTS: readonly SandboxAccount[] = [
  account('acc-mia-everyday', 'psu-mia', 'Everyday', '10000001', 'everyday', 100, 120_000, '2019-03-14T00:00:00.000Z'),
  account('acc-mia-savings', 'psu-mia', 'Rainy day savings', '10000002', 'savings', 100, 450_000, '2020-07-01T00:00:00.000Z'),
  account('acc-noah-everyday', 'psu-noah', 'Main account', '10000011', 'everyday', 120, 85_000, '2016-09-05T00:00:00.000Z'),
  account('acc-noah-savings', 'psu-noah', 'House deposit', '10000012', 'savings', 150, 1_250_000, '2018-01-22T00:00:00.000Z'),
  account('acc-noah-business', 'psu-noah', 'Okafor Design Ltd', '10000013', 'business', 100, 1_500_000, '2021-05-10T00:00:00.000Z'),
  account('acc-ava-everyday', 'psu-ava', 'Current account', '10000021', 'everyday', 85, 60_000, '2022-02-28T00:00:00.000Z'),
  account('acc-ava-savings', 'psu-ava', 'Savings pot', '10000022', 'savings', 80, 98_000, '2022-02-28T00:00:00.000Z'),
  // the one overdrawn account (69.59 Debit after its history): an arranged overdraft of 100.00 keeps it within limit
  account('acc-ava-travel', 'psu-ava', 'Travel money', '10000023', 'travel', 100, 0, '2023-06-15T00:00:00.000Z', 10_000),
];

/** One recurring transaction of a pattern: when in the 30-day cycle, and its amount in each of the three cycles. */
interface Recurring {
  day: number;
  time: string;
  creditDebit: 'Credit' | 'Debit';
  amounts: readonly [number, number, number];
  information: string;
  proprietaryCode: string;
  reference?: string;
  merchant?: { name: string; categoryCode: string };
  counterparty?: Counterparty;
}

const card = (day: number, time: string, name: string, categoryCode: string, information: string, amounts: Recurring['amounts']): Recurring => ({
  day,
  time,
  creditDebit: 'Debit',
  amounts,
  information,
  proprietaryCode: 'CardPayment',
  merchant: { name, categoryCode },
});

const ROUND_UP = (day: number, amounts: Recurring['amounts']): Recurring => ({
  day,
  time: '23:00',
  creditDebit: 'Credit',
  amounts,
  information: 'ROUND UP FROM EVERYDAY SPENDING',
  proprietaryCode: 'Transfer',
});

const PATTERNS: Record<LedgerKind, readonly Recurring[]> = {
  everyday: [
    {
      day: 0, time: '09:00', creditDebit: 'Credit', amounts: [245_000, 245_000, 261_250], information: 'SALARY NORTHWIND TRADING LTD',
      proprietaryCode: 'CreditTransfer', reference: 'NORTHWIND PAYROLL',
      counterparty: { name: 'Northwind Trading Ltd', sortCode: '400515', accountNumber: '71234567' },
    },
    {
      day: 1, time: '08:00', creditDebit: 'Debit', amounts: [95_000, 95_000, 95_000], information: 'RENT HARBOUR LETTINGS',
      proprietaryCode: 'StandingOrder', reference: 'FLAT 4 RENT',
      counterparty: { name: 'Harbour Lettings Ltd', sortCode: '309634', accountNumber: '55501234' },
    },
    card(2, '18:20', 'Tesco Stores', '5411', 'TESCO STORES 2041 LONDON', [6_342, 8_715, 5_409]),
    card(4, '07:45', 'Transport for London', '4111', 'TFL TRAVEL CHARGE', [2_780, 3_120, 2_640]),
    card(6, '12:10', 'Pret A Manger', '5814', 'PRET A MANGER KINGS CROSS', [645, 890, 1_230]),
    {
      day: 8, time: '06:00', creditDebit: 'Debit', amounts: [8_400, 8_400, 7_600], information: 'OCTOPUS ENERGY DD',
      proprietaryCode: 'DirectDebit', reference: 'A-7F3C19',
      counterparty: { name: 'Octopus Energy Ltd', sortCode: '207190', accountNumber: '83920145' },
    },
    {
      day: 10, time: '06:00', creditDebit: 'Debit', amounts: [2_500, 2_500, 2_500], information: 'EE LIMITED DD',
      proprietaryCode: 'DirectDebit', reference: 'EE 0774829',
      counterparty: { name: 'EE Limited', sortCode: '608371', accountNumber: '20183746' },
    },
    card(13, '20:30', 'Netflix', '4899', 'NETFLIX.COM', [1_099, 1_099, 1_099]),
    card(16, '19:45', 'Dishoom', '5812', 'DISHOOM SHOREDITCH', [4_850, 6_275, 3_990]),
    { day: 19, time: '10:00', creditDebit: 'Debit', amounts: [30_000, 30_000, 25_000], information: 'TRANSFER TO SAVINGS', proprietaryCode: 'Transfer' },
    {
      day: 22, time: '14:05', creditDebit: 'Credit', amounts: [1_999, 3_450, 1_275], information: 'REFUND AMAZON MARKETPLACE',
      proprietaryCode: 'Refund', merchant: { name: 'Amazon UK', categoryCode: '5942' },
    },
    card(25, '17:30', "Sainsbury's", '5411', "SAINSBURY'S SUPERMARKET", [5_420, 7_233, 6_120]),
  ],
  savings: [
    { day: 0, time: '01:00', creditDebit: 'Credit', amounts: [412, 431, 447], information: 'INTEREST PAID', proprietaryCode: 'Interest' },
    ROUND_UP(3, [173, 241, 98]),
    ROUND_UP(7, [322, 156, 287]),
    ROUND_UP(10, [91, 205, 164]),
    ROUND_UP(14, [268, 117, 233]),
    ROUND_UP(17, [145, 296, 121]),
    { day: 19, time: '10:00', creditDebit: 'Credit', amounts: [30_000, 30_000, 25_000], information: 'TRANSFER FROM CURRENT ACCOUNT', proprietaryCode: 'Transfer' },
    ROUND_UP(21, [207, 88, 312]),
    ROUND_UP(24, [134, 259, 176]),
    { day: 26, time: '11:15', creditDebit: 'Debit', amounts: [5_000, 12_000, 7_500], information: 'WITHDRAWAL TO CURRENT ACCOUNT', proprietaryCode: 'Transfer' },
    ROUND_UP(28, [189, 143, 227]),
    { day: 29, time: '02:00', creditDebit: 'Credit', amounts: [500, 500, 500], information: 'REGULAR SAVER BONUS', proprietaryCode: 'Interest' },
  ],
  business: [
    {
      day: 1, time: '10:30', creditDebit: 'Credit', amounts: [180_000, 210_000, 195_000], information: 'INVOICE PAYMENT BLUE HARBOUR CAFE',
      proprietaryCode: 'CreditTransfer', reference: 'INV-1042',
      counterparty: { name: 'Blue Harbour Cafe Ltd', sortCode: '202678', accountNumber: '43018892' },
    },
    {
      day: 3, time: '06:00', creditDebit: 'Debit', amounts: [84_000, 91_250, 78_800], information: 'HMRC VAT DD',
      proprietaryCode: 'DirectDebit', reference: 'VAT 284 1937 55',
      counterparty: { name: 'HMRC VAT', sortCode: '083210', accountNumber: '11963155' },
    },
    card(5, '03:12', 'Amazon Web Services', '7372', 'AWS EMEA SARL', [23_412, 25_190, 24_877]),
    {
      day: 7, time: '15:00', creditDebit: 'Credit', amounts: [95_000, 102_500, 88_000], information: 'INVOICE PAYMENT GREENLEAF STUDIOS',
      proprietaryCode: 'CreditTransfer', reference: 'INV-1043',
      counterparty: { name: 'Greenleaf Studios LLP', sortCode: '560029', accountNumber: '26381047' },
    },
    {
      day: 9, time: '08:00', creditDebit: 'Debit', amounts: [120_000, 120_000, 120_000], information: 'OFFICE RENT CANAL WORKS',
      proprietaryCode: 'StandingOrder', reference: 'UNIT 12 RENT',
      counterparty: { name: 'Canal Works Ltd', sortCode: '301775', accountNumber: '62019384' },
    },
    card(11, '04:40', 'GitHub', '7372', 'GITHUB INC', [3_800, 3_800, 4_200]),
    {
      day: 14, time: '09:00', creditDebit: 'Debit', amounts: [310_000, 310_000, 325_000], information: 'PAYROLL RUN',
      proprietaryCode: 'CreditTransfer', reference: 'PAYROLL',
      counterparty: { name: 'Sandbox Payroll Bureau', sortCode: '403160', accountNumber: '90817263' },
    },
    {
      day: 17, time: '13:20', creditDebit: 'Credit', amounts: [240_000, 198_000, 265_000], information: 'INVOICE PAYMENT NORTHWIND TRADING',
      proprietaryCode: 'CreditTransfer', reference: 'INV-1044',
      counterparty: { name: 'Northwind Trading Ltd', sortCode: '400515', accountNumber: '71234567' },
    },
    {
      day: 20, time: '06:00', creditDebit: 'Debit', amounts: [4_500, 4_500, 4_500], information: 'BT BUSINESS BROADBAND DD',
      proprietaryCode: 'DirectDebit', reference: 'BT 88120934',
      counterparty: { name: 'British Telecommunications plc', sortCode: '401276', accountNumber: '30298817' },
    },
    card(23, '11:05', 'Viking Office Supplies', '5943', 'VIKING DIRECT', [6_789, 2_345, 11_290]),
    {
      day: 26, time: '07:30', creditDebit: 'Credit', amounts: [54_321, 61_234, 58_765], information: 'STRIPE PAYOUT',
      proprietaryCode: 'CreditTransfer', reference: 'STRIPE PO-77812',
      counterparty: { name: 'Stripe Payments UK Ltd', sortCode: '230580', accountNumber: '14825599' },
    },
    { day: 28, time: '23:30', creditDebit: 'Debit', amounts: [850, 850, 850], information: 'MONTHLY ACCOUNT FEE', proprietaryCode: 'BankCharge' },
  ],
  travel: [
    { day: 0, time: '09:30', creditDebit: 'Credit', amounts: [60_000, 45_000, 50_000], information: 'TOP UP FROM CURRENT ACCOUNT', proprietaryCode: 'Transfer' },
    card(2, '06:15', 'easyJet', '4511', 'EASYJET AIRLINE', [12_899, 8_450, 15_640]),
    card(3, '14:40', 'Heathrow Express', '4112', 'HEATHROW EXPRESS', [2_500, 2_500, 2_500]),
    card(4, '22:10', 'Hotel Alfama Lisboa', '7011', 'HOTEL ALFAMA LISBOA PT', [18_760, 14_320, 21_090]),
    card(5, '13:05', 'Time Out Market', '5812', 'TIME OUT MARKET LISBOA PT', [2_340, 1_870, 2_915]),
    card(6, '10:20', 'Uber', '4121', 'UBER TRIP LISBOA PT', [1_210, 980, 1_455]),
    card(7, '16:45', 'Museu Calouste Gulbenkian', '7991', 'GULBENKIAN MUSEUM PT', [1_100, 1_100, 1_300]),
    { day: 9, time: '12:00', creditDebit: 'Credit', amounts: [3_250, 1_800, 2_200], information: 'REFUND EASYJET SEAT FEE', proprietaryCode: 'Refund', merchant: { name: 'easyJet', categoryCode: '4511' } },
    card(12, '19:30', 'Pingo Doce', '5411', 'PINGO DOCE LISBOA PT', [3_870, 2_640, 4_120]),
    card(15, '08:55', 'Airalo', '4814', 'AIRALO ESIM', [1_450, 1_450, 1_450]),
    card(20, '11:40', 'Booking.com', '4722', 'BOOKING.COM HOTEL DEPOSIT', [9_800, 7_600, 8_900]),
    { day: 27, time: '09:30', creditDebit: 'Debit', amounts: [5_000, 5_000, 5_000], information: 'TRANSFER TO CURRENT ACCOUNT', proprietaryCode: 'Transfer' },
  ],
};

const DAY_MS = 24 * 3600 * 1000;

function bookingTime(cycle: number, recurring: Recurring): string {
  const [hours, minutes] = recurring.time.split(':').map(Number);
  const at = Date.parse(LEDGER_START) + (cycle * CYCLE_DAYS + recurring.day) * DAY_MS + (hours * 60 + minutes) * 60_000;
  return new Date(at).toISOString();
}

/** The transactions of one account, oldest first, numbered `<accountId>-001`, `-002`, ... in that order. */
export function sandboxTransactionsOf(account: SandboxAccount): SandboxTransaction[] {
  const pattern = PATTERNS[account.ledger.kind];
  const entries = Array.from({ length: CYCLES }, (_, cycle) => pattern.map((recurring) => ({ cycle, recurring }))).flat();
  entries.sort((a, b) => bookingTime(a.cycle, a.recurring).localeCompare(bookingTime(b.cycle, b.recurring)));
  return entries.map(({ cycle, recurring }, index) => {
    const booked = bookingTime(cycle, recurring);
    const transaction: SandboxTransaction = {
      transactionId: `${account.accountId}-${String(index + 1).padStart(3, '0')}`,
      accountId: account.accountId,
      amountMinor: Math.round((recurring.amounts[cycle] * account.ledger.scalePercent) / 100),
      creditDebit: recurring.creditDebit,
      bookingDateTime: booked,
      valueDateTime: booked,
      information: recurring.information,
      proprietaryCode: recurring.proprietaryCode,
    };
    if (recurring.reference) transaction.reference = recurring.reference;
    if (recurring.merchant) {
      transaction.merchantName = recurring.merchant.name;
      transaction.merchantCategoryCode = recurring.merchant.categoryCode;
    }
    if (recurring.counterparty) transaction.counterparty = recurring.counterparty;
    return transaction;
  });
}

export const SANDBOX_TRANSACTIONS: readonly SandboxTransaction[] = SANDBOX_ACCOUNTS.flatMap(sandboxTransactionsOf);
