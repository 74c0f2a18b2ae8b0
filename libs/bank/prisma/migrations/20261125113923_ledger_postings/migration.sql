-- DropForeignKey
ALTER TABLE "transaction" DROP CONSTRAINT "transaction_account_id_fkey";

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "balance_minor" INTEGER NOT NULL,
ADD COLUMN     "overdraft_limit_minor" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "psu_id" DROP NOT NULL;

-- DropTable
DROP TABLE "transaction";

-- DropEnum
DROP TYPE "EntryStatus";

-- CreateTable
CREATE TABLE "posting" (
    "posting_id" VARCHAR(64) NOT NULL,
    "sequence" SERIAL NOT NULL,
    "account_id" VARCHAR(40) NOT NULL,
    "payment_id" VARCHAR(40),
    "amount_minor" INTEGER NOT NULL,
    "credit_debit" "CreditDebit" NOT NULL,
    "booking_date_time" TIMESTAMPTZ(3) NOT NULL,
    "value_date_time" TIMESTAMPTZ(3) NOT NULL,
    "information" VARCHAR(500) NOT NULL,
    "reference" VARCHAR(35),
    "proprietary_code" VARCHAR(35) NOT NULL,
    "merchant_name" VARCHAR(350),
    "merchant_category_code" VARCHAR(4),
    "counterparty_name" VARCHAR(350),
    "counterparty_sort_code" CHAR(6),
    "counterparty_account_number" CHAR(8),

    CONSTRAINT "posting_pkey" PRIMARY KEY ("posting_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "posting_sequence_key" ON "posting"("sequence");

-- CreateIndex
CREATE INDEX "posting_account_id_booking_date_time_idx" ON "posting"("account_id", "booking_date_time");

-- CreateIndex
CREATE UNIQUE INDEX "posting_payment_id_account_id_credit_debit_key" ON "posting"("payment_id", "account_id", "credit_debit");

-- AddForeignKey
ALTER TABLE "posting" ADD CONSTRAINT "posting_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("account_id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-appended: Prisma's schema language cannot express CHECK constraints, and these are the ledger's guarantees:
-- an account's balance never goes below its overdraft limit, whatever code (or raw SQL) updates it,
-- the limit is never negative, and a posting always moves a positive amount (its direction is credit_debit).
-- (No semicolons in these comments: Prisma's migration runner splits the script on them.)
ALTER TABLE "account" ADD CONSTRAINT "account_balance_within_overdraft_limit" CHECK ("balance_minor" >= -"overdraft_limit_minor");
ALTER TABLE "account" ADD CONSTRAINT "account_overdraft_limit_not_negative" CHECK ("overdraft_limit_minor" >= 0);
ALTER TABLE "posting" ADD CONSTRAINT "posting_amount_positive" CHECK ("amount_minor" > 0);
