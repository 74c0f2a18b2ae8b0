-- CreateTable
CREATE TABLE "revoked_consent" (
    "consent_id" VARCHAR(128) NOT NULL,
    "asked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revoked_consent_pkey" PRIMARY KEY ("consent_id")
);
