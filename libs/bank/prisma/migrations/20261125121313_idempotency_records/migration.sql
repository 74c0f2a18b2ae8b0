-- CreateTable
CREATE TABLE "idempotency_record" (
    "client_id" VARCHAR(256) NOT NULL,
    "endpoint" VARCHAR(100) NOT NULL,
    "idempotency_key" VARCHAR(40) NOT NULL,
    "request_hash" VARCHAR(128) NOT NULL,
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("client_id","endpoint","idempotency_key")
);

