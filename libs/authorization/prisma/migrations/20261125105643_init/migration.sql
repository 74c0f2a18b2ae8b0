-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "oidc_model" (
    "id" VARCHAR(255) NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "grant_id" VARCHAR(255),
    "user_code" VARCHAR(255),
    "uid" VARCHAR(255),
    "expires_at" TIMESTAMPTZ(3),
    "consumed_at" TIMESTAMPTZ(3),

    CONSTRAINT "oidc_model_pkey" PRIMARY KEY ("kind","id")
);

-- CreateIndex
CREATE INDEX "oidc_model_grant_id_idx" ON "oidc_model"("grant_id");

-- CreateIndex
CREATE INDEX "oidc_model_user_code_idx" ON "oidc_model"("user_code");

-- CreateIndex
CREATE INDEX "oidc_model_uid_idx" ON "oidc_model"("uid");

-- CreateIndex
CREATE INDEX "oidc_model_expires_at_idx" ON "oidc_model"("expires_at");

