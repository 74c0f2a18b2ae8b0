-- CreateTable
CREATE TABLE "revoked_grant" (
    "grant_id" VARCHAR(256) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revoked_grant_pkey" PRIMARY KEY ("grant_id")
);

