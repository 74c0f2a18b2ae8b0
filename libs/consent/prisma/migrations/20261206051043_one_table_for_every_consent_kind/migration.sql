-- One table for the consents of every kind and one for their status history (a new kind needs no migration):
-- create them, copy every account-access and domestic payment consent with its history (ids, statuses and timestamps
-- kept, the fields of each kind become the JSON of its contract type), then drop the per-kind tables.
-- No semicolon or quote in these comments: Prisma splits a migration into statements at every semicolon.

-- CreateTable
CREATE TABLE "consent" (
    "id" VARCHAR(128) NOT NULL,
    "kind" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "creation_date_time" TIMESTAMPTZ(3) NOT NULL,
    "status_update_date_time" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "psu_id" TEXT,
    "data" JSONB NOT NULL,

    CONSTRAINT "consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_status_change" (
    "id" BIGSERIAL NOT NULL,
    "consent_id" VARCHAR(128) NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "consent_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consent_kind_status_expires_at_idx" ON "consent"("kind", "status", "expires_at");

-- CreateIndex
CREATE INDEX "consent_status_change_consent_id_at_idx" ON "consent_status_change"("consent_id", "at");

-- AddForeignKey
ALTER TABLE "consent_status_change" ADD CONSTRAINT "consent_status_change_consent_id_fkey" FOREIGN KEY ("consent_id") REFERENCES "consent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CopyData: an absent optional field is left out of the JSON (as the service writes it), never stored as null.
INSERT INTO "consent" ("id", "kind", "client_id", "status", "creation_date_time", "status_update_date_time", "expires_at", "psu_id", "data")
SELECT "id", 'accountAccess', "client_id", "status"::TEXT, "creation_date_time", "status_update_date_time", "expires_at", "psu_id",
       jsonb_strip_nulls(jsonb_build_object(
           'permissions', COALESCE(to_jsonb("permissions"), '[]'::JSONB),
           'expirationDateTime', "expiration_date_time",
           'transactionFromDateTime', "transaction_from_date_time",
           'transactionToDateTime', "transaction_to_date_time",
           'accountIds', COALESCE(to_jsonb("account_ids"), '[]'::JSONB)))
FROM "account_access_consent";

-- CopyData: Initiation and Risk stay verbatim (their own nulls included), only absent values of the summary and of
-- the recorded fields are left out.
INSERT INTO "consent" ("id", "kind", "client_id", "status", "creation_date_time", "status_update_date_time", "expires_at", "psu_id", "data")
SELECT "id", 'domesticPayment', "client_id", "status"::TEXT, "creation_date_time", "status_update_date_time", NULL, "psu_id",
       jsonb_build_object(
           'initiation', "initiation",
           'risk', "risk",
           'summary', jsonb_strip_nulls(jsonb_build_object(
               'amount', "amount",
               'currency', "currency",
               'creditorName', "creditor_name",
               'creditorScheme', "creditor_scheme",
               'creditorIdentification', "creditor_identification",
               'reference', "reference",
               'debtorAccountId', "fixed_debtor_account_id")))
       || jsonb_strip_nulls(jsonb_build_object('debtorAccountId', "debtor_account_id", 'paymentId', "payment_id"))
FROM "domestic_payment_consent";

-- CopyData: history rows get new ids (the two old sequences overlap) in their old order, so the changes of each consent
-- still read in order of id.
INSERT INTO "consent_status_change" ("consent_id", "from_status", "to_status", "at", "reason")
SELECT "consent_id", "from_status"::TEXT, "to_status"::TEXT, "at", "reason"
FROM "account_access_consent_status_change"
ORDER BY "id";

INSERT INTO "consent_status_change" ("consent_id", "from_status", "to_status", "at", "reason")
SELECT "consent_id", "from_status"::TEXT, "to_status"::TEXT, "at", "reason"
FROM "domestic_payment_consent_status_change"
ORDER BY "id";

-- DropTable
DROP TABLE "account_access_consent_status_change";

-- DropTable
DROP TABLE "account_access_consent";

-- DropTable
DROP TABLE "domestic_payment_consent_status_change";

-- DropTable
DROP TABLE "domestic_payment_consent";

-- DropEnum
DROP TYPE "AccountAccessConsentStatus";

-- DropEnum
DROP TYPE "DomesticPaymentConsentStatus";
