-- CreateEnum
CREATE TYPE "DomesticPaymentConsentStatus" AS ENUM ('AWAU', 'AUTH', 'RJCT', 'COND');

-- CreateTable
CREATE TABLE "domestic_payment_consent" (
    "id" VARCHAR(128) NOT NULL,
    "client_id" TEXT NOT NULL,
    "status" "DomesticPaymentConsentStatus" NOT NULL,
    "initiation" JSONB NOT NULL,
    "risk" JSONB NOT NULL,
    "amount" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "creditor_name" TEXT,
    "creditor_scheme" TEXT NOT NULL,
    "creditor_identification" TEXT NOT NULL,
    "reference" TEXT,
    "fixed_debtor_account_id" TEXT,
    "creation_date_time" TIMESTAMPTZ(3) NOT NULL,
    "status_update_date_time" TIMESTAMPTZ(3) NOT NULL,
    "psu_id" TEXT,
    "debtor_account_id" TEXT,
    "payment_id" TEXT,

    CONSTRAINT "domestic_payment_consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "domestic_payment_consent_status_change" (
    "id" BIGSERIAL NOT NULL,
    "consent_id" VARCHAR(128) NOT NULL,
    "from_status" "DomesticPaymentConsentStatus",
    "to_status" "DomesticPaymentConsentStatus" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "domestic_payment_consent_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "domestic_payment_consent_status_change_consent_id_at_idx" ON "domestic_payment_consent_status_change"("consent_id", "at");

-- AddForeignKey
ALTER TABLE "domestic_payment_consent_status_change" ADD CONSTRAINT "domestic_payment_consent_status_change_consent_id_fkey" FOREIGN KEY ("consent_id") REFERENCES "domestic_payment_consent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

