-- CreateTable
CREATE TABLE "console_record" (
    "id" UUID NOT NULL,
    "client_id" VARCHAR(255) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "interaction_id" VARCHAR(64),
    "record" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "console_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "console_pass" (
    "secret_hash" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "client_id" VARCHAR(255) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "console_pass_pkey" PRIMARY KEY ("secret_hash")
);

-- CreateTable
CREATE TABLE "console_certificate" (
    "thumbprint" VARCHAR(64) NOT NULL,
    "client_id" VARCHAR(255) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "console_certificate_pkey" PRIMARY KEY ("thumbprint","client_id")
);

-- CreateIndex
CREATE INDEX "console_record_client_id_at_idx" ON "console_record"("client_id", "at");

-- CreateIndex
CREATE INDEX "console_record_expires_at_idx" ON "console_record"("expires_at");

-- CreateIndex
CREATE INDEX "console_pass_expires_at_idx" ON "console_pass"("expires_at");

-- CreateIndex
CREATE INDEX "console_certificate_expires_at_idx" ON "console_certificate"("expires_at");

