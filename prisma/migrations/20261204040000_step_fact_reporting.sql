-- migrate:up
-- Compliance reports (api/reports.ts) group facts by step kind, count youth, and tell declined
-- care from late work. Earlier rows are filled from what they already hold: the youth reference
-- is the second part of every process id, an instance id is its kind or `kind-N`, and a
-- completion's outcome is in its audit row (same key).
ALTER TABLE "StepFact" ADD COLUMN "stepKind" TEXT, ADD COLUMN "youthRef" TEXT, ADD COLUMN "outcome" TEXT;

UPDATE "StepFact" SET "stepKind" = regexp_replace("stepId", '-[0-9]+$', ''), "youthRef" = split_part("workflowId", '/', 2);

UPDATE "StepFact" f SET "outcome" = a."detail"->>'outcome'
FROM "AuditEvent" a
WHERE a."key" = f."key" AND f."event" = 'COMPLETED' AND a."detail" ? 'outcome';

ALTER TABLE "StepFact" ALTER COLUMN "stepKind" SET NOT NULL, ALTER COLUMN "youthRef" SET NOT NULL;

CREATE INDEX "StepFact_county_event_at_idx" ON "StepFact"("county", "event", "at");
CREATE INDEX "StepFact_workflowId_stepId_idx" ON "StepFact"("workflowId", "stepId");

-- migrate:down
DROP INDEX "StepFact_workflowId_stepId_idx";
DROP INDEX "StepFact_county_event_at_idx";
ALTER TABLE "StepFact" DROP COLUMN "outcome", DROP COLUMN "youthRef", DROP COLUMN "stepKind";
