-- CreateTable
CREATE TABLE "dpop_proof_jti" (
    "jti" VARCHAR(256) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dpop_proof_jti_pkey" PRIMARY KEY ("jti")
);

-- CreateIndex
CREATE INDEX "dpop_proof_jti_expires_at_idx" ON "dpop_proof_jti"("expires_at");

