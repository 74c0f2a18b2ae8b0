-- CreateTable
CREATE TABLE "login_failures" (
    "key" VARCHAR(128) NOT NULL,
    "failures" INTEGER NOT NULL,
    "last_failure_at" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_failures_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "login_failures_last_failure_at_idx" ON "login_failures"("last_failure_at");

