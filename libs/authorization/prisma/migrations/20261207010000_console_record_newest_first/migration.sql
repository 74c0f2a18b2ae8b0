-- The console reads and trims a client's records newest first (at, then id): an index in that order answers both
-- from the index alone, where the trim sorted every record of the client on every batch (issue 11)
DROP INDEX "console_record_client_id_at_idx";

-- CreateIndex
CREATE INDEX "console_record_client_id_at_id_idx" ON "console_record"("client_id", "at" DESC, "id" DESC);
