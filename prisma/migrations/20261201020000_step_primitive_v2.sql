-- migrate:up
-- Roles the detention and LE-contact obligations assign.
ALTER TYPE "RepresentativeRole" ADD VALUE 'DETENTION_STAFF';
ALTER TYPE "RepresentativeRole" ADD VALUE 'HEAT_DDA';
ALTER TYPE "RepresentativeRole" ADD VALUE 'VW_CONSULTANT';
ALTER TYPE "RepresentativeRole" ADD VALUE 'HOTLINE';
ALTER TYPE "RepresentativeRole" ADD VALUE 'MENTAL_HEALTH_CLINICIAN';

-- A policy row may choose the clock its deadlines count (null keeps the step's own).
ALTER TABLE "TimerPolicy" ADD COLUMN "clock" TEXT;

-- Step defaults now live with the step definitions. The rows the worker used to write at start
-- (the old defaults, unchanged by anyone) would shadow them: remove exactly those.
DELETE FROM "TimerPolicy" WHERE (obligation, step, "acknowledgeWithinSeconds", "completeWithinSeconds", "escalateEverySeconds") IN (
  ('le-contact', 'advocate-response', 900, 5400, 900),
  ('le-contact', 'advocate-interview-support', 900, 86400, 900)
) OR (obligation, step, "acknowledgeWithinSeconds", "escalateEverySeconds") IN (
  ('le-contact', 'probation-jjc-notice', 900, 900),
  ('le-contact', 'probation-interview-notice', 900, 900)
) AND "completeWithinSeconds" IS NULL;

-- migrate:down
-- Forward-only: enum values cannot be dropped from PostgreSQL, and the removed rows were defaults.
