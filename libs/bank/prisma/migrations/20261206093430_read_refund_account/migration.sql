-- The consent's ReadRefundAccount, kept with its payment. Payments made before it was kept say false (no Debtor)
-- because their consents' choice was never stored.
-- AlterTable
ALTER TABLE "domestic_payment" ADD COLUMN     "read_refund_account" BOOLEAN NOT NULL DEFAULT false;

