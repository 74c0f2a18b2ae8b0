-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('RCVD', 'ACSP', 'ACSC', 'ACCC', 'RJCT');

-- CreateTable
CREATE TABLE "domestic_payment" (
    "payment_id" VARCHAR(40) NOT NULL,
    "consent_id" VARCHAR(128) NOT NULL,
    "client_id" VARCHAR(256) NOT NULL,
    "debtor_account_id" VARCHAR(40) NOT NULL,
    "creditor_scheme" VARCHAR(40) NOT NULL,
    "creditor_identification" VARCHAR(256) NOT NULL,
    "creditor_name" VARCHAR(350),
    "credited_account_id" VARCHAR(40),
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reference" VARCHAR(35),
    "initiation" JSONB NOT NULL,
    "risk" JSONB NOT NULL,
    "status" "PaymentStatus" NOT NULL,
    "status_reason_code" VARCHAR(4),
    "status_reason" VARCHAR(500),
    "creation_date_time" TIMESTAMPTZ(3) NOT NULL,
    "status_update_date_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "domestic_payment_pkey" PRIMARY KEY ("payment_id")
);

-- CreateTable
CREATE TABLE "domestic_payment_status_change" (
    "id" SERIAL NOT NULL,
    "payment_id" VARCHAR(40) NOT NULL,
    "from_status" "PaymentStatus",
    "to_status" "PaymentStatus" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "status_reason_code" VARCHAR(4),
    "reason" VARCHAR(500) NOT NULL,

    CONSTRAINT "domestic_payment_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "domestic_payment_consent_id_key" ON "domestic_payment"("consent_id");

-- CreateIndex
CREATE INDEX "domestic_payment_status_creation_date_time_idx" ON "domestic_payment"("status", "creation_date_time");

-- CreateIndex
CREATE INDEX "domestic_payment_status_change_payment_id_id_idx" ON "domestic_payment_status_change"("payment_id", "id");

-- AddForeignKey
ALTER TABLE "posting" ADD CONSTRAINT "posting_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "domestic_payment"("payment_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domestic_payment" ADD CONSTRAINT "domestic_payment_debtor_account_id_fkey" FOREIGN KEY ("debtor_account_id") REFERENCES "account"("account_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domestic_payment" ADD CONSTRAINT "domestic_payment_credited_account_id_fkey" FOREIGN KEY ("credited_account_id") REFERENCES "account"("account_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domestic_payment_status_change" ADD CONSTRAINT "domestic_payment_status_change_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "domestic_payment"("payment_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-appended: Prisma's schema language cannot express CHECK constraints.
-- A payment always moves a positive amount.
ALTER TABLE "domestic_payment" ADD CONSTRAINT "domestic_payment_amount_positive" CHECK ("amount_minor" > 0);
