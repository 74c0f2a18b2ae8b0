-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccountCategory" AS ENUM ('Personal', 'Business');

-- CreateEnum
CREATE TYPE "CreditDebit" AS ENUM ('Credit', 'Debit');

-- CreateEnum
CREATE TYPE "EntryStatus" AS ENUM ('BOOK', 'PDNG');

-- CreateTable
CREATE TABLE "customer" (
    "psu_id" VARCHAR(64) NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "name" VARCHAR(140) NOT NULL,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("psu_id")
);

-- CreateTable
CREATE TABLE "account" (
    "account_id" VARCHAR(40) NOT NULL,
    "psu_id" VARCHAR(64) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "nickname" VARCHAR(70) NOT NULL,
    "sort_code" CHAR(6) NOT NULL,
    "account_number" CHAR(8) NOT NULL,
    "account_category" "AccountCategory" NOT NULL,
    "account_type_code" VARCHAR(4) NOT NULL,
    "opening_date" TIMESTAMPTZ(3) NOT NULL,
    "opening_balance_minor" INTEGER NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "transaction" (
    "transaction_id" VARCHAR(64) NOT NULL,
    "account_id" VARCHAR(40) NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "credit_debit" "CreditDebit" NOT NULL,
    "status" "EntryStatus" NOT NULL DEFAULT 'BOOK',
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

    CONSTRAINT "transaction_pkey" PRIMARY KEY ("transaction_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customer_username_key" ON "customer"("username");

-- CreateIndex
CREATE INDEX "account_psu_id_idx" ON "account"("psu_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_sort_code_account_number_key" ON "account"("sort_code", "account_number");

-- CreateIndex
CREATE INDEX "transaction_account_id_booking_date_time_idx" ON "transaction"("account_id", "booking_date_time");

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_psu_id_fkey" FOREIGN KEY ("psu_id") REFERENCES "customer"("psu_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transaction" ADD CONSTRAINT "transaction_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("account_id") ON DELETE CASCADE ON UPDATE CASCADE;

