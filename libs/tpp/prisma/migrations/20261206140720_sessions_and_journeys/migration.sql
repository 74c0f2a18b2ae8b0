-- The sessions of the sample fintech (with their pending authorization apart, taken once) and the journeys of its flow inspector,
-- so that any instance of the fintech serves any request. No semicolon or quote in these comments.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "tpp_session" (
    "id_hash" VARCHAR(64) NOT NULL,
    "form_token" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tpp_session_pkey" PRIMARY KEY ("id_hash")
);

-- CreateTable
CREATE TABLE "tpp_pending_authorization" (
    "session_id_hash" VARCHAR(64) NOT NULL,
    "authorization" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tpp_pending_authorization_pkey" PRIMARY KEY ("session_id_hash")
);

-- CreateTable
CREATE TABLE "tpp_journey" (
    "id" VARCHAR(64) NOT NULL,
    "purpose" TEXT NOT NULL,
    "protocol" JSONB NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "steps_numbered" INTEGER NOT NULL DEFAULT 0,
    "failure" JSONB,

    CONSTRAINT "tpp_journey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tpp_journey_step" (
    "journey_id" VARCHAR(64) NOT NULL,
    "number" INTEGER NOT NULL,
    "step" JSONB NOT NULL,

    CONSTRAINT "tpp_journey_step_pkey" PRIMARY KEY ("journey_id","number")
);

-- CreateTable
CREATE TABLE "tpp_unchecked_jwt" (
    "id" BIGSERIAL NOT NULL,
    "journey_id" VARCHAR(64) NOT NULL,
    "step_number" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "compact" TEXT NOT NULL,
    "detached_body" TEXT,

    CONSTRAINT "tpp_unchecked_jwt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tpp_seen_key_set" (
    "owner" TEXT NOT NULL,
    "keys" JSONB NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tpp_seen_key_set_pkey" PRIMARY KEY ("owner")
);

-- CreateIndex
CREATE INDEX "tpp_session_expires_at_idx" ON "tpp_session"("expires_at");

-- CreateIndex
CREATE INDEX "tpp_pending_authorization_expires_at_idx" ON "tpp_pending_authorization"("expires_at");

-- CreateIndex
CREATE INDEX "tpp_journey_started_at_idx" ON "tpp_journey"("started_at");

-- CreateIndex
CREATE INDEX "tpp_unchecked_jwt_journey_id_idx" ON "tpp_unchecked_jwt"("journey_id");

-- AddForeignKey
ALTER TABLE "tpp_pending_authorization" ADD CONSTRAINT "tpp_pending_authorization_session_id_hash_fkey" FOREIGN KEY ("session_id_hash") REFERENCES "tpp_session"("id_hash") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tpp_journey_step" ADD CONSTRAINT "tpp_journey_step_journey_id_fkey" FOREIGN KEY ("journey_id") REFERENCES "tpp_journey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tpp_unchecked_jwt" ADD CONSTRAINT "tpp_unchecked_jwt_journey_id_fkey" FOREIGN KEY ("journey_id") REFERENCES "tpp_journey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

