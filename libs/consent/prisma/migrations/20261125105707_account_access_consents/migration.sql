-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccountAccessConsentStatus" AS ENUM ('AWAU', 'AUTH', 'RJCT', 'CANC', 'EXPD');

-- CreateTable
CREATE TABLE "account_access_consent" (
    "id" VARCHAR(128) NOT NULL,
    "client_id" TEXT NOT NULL,
    "status" "AccountAccessConsentStatus" NOT NULL,
    "permissions" TEXT[],
    "creation_date_time" TIMESTAMPTZ(3) NOT NULL,
    "status_update_date_time" TIMESTAMPTZ(3) NOT NULL,
    "expiration_date_time" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "transaction_from_date_time" TEXT,
    "transaction_to_date_time" TEXT,
    "psu_id" TEXT,
    "account_ids" TEXT[],

    CONSTRAINT "account_access_consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_access_consent_status_change" (
    "id" BIGSERIAL NOT NULL,
    "consent_id" VARCHAR(128) NOT NULL,
    "from_status" "AccountAccessConsentStatus",
    "to_status" "AccountAccessConsentStatus" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "account_access_consent_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_access_consent_status_expires_at_idx" ON "account_access_consent"("status", "expires_at");

-- CreateIndex
CREATE INDEX "account_access_consent_status_change_consent_id_at_idx" ON "account_access_consent_status_change"("consent_id", "at");

-- AddForeignKey
ALTER TABLE "account_access_consent_status_change" ADD CONSTRAINT "account_access_consent_status_change_consent_id_fkey" FOREIGN KEY ("consent_id") REFERENCES "account_access_consent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

