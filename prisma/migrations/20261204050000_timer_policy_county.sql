-- migrate:up
-- A timer policy belongs to a county; existing rows ('') keep applying to every county.
ALTER TABLE "TimerPolicy" ADD COLUMN "county" TEXT NOT NULL DEFAULT '';
ALTER TABLE "TimerPolicy" DROP CONSTRAINT "TimerPolicy_pkey";
ALTER TABLE "TimerPolicy" ADD CONSTRAINT "TimerPolicy_pkey" PRIMARY KEY ("county", "obligation", "step");

CREATE TABLE "TimerPolicyChange" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "county" TEXT NOT NULL,
    "obligation" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "previous" JSONB NOT NULL,
    "next" JSONB NOT NULL,
    "rolloutId" TEXT,
    "result" JSONB,
    CONSTRAINT "TimerPolicyChange_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "TimerPolicyChange_rolloutId_key" ON "TimerPolicyChange"("rolloutId");
CREATE INDEX "TimerPolicyChange_county_obligation_step_idx" ON "TimerPolicyChange"("county", "obligation", "step");

-- migrate:down
DROP TABLE "TimerPolicyChange";
DELETE FROM "TimerPolicy" WHERE "county" <> '';
ALTER TABLE "TimerPolicy" DROP CONSTRAINT "TimerPolicy_pkey";
ALTER TABLE "TimerPolicy" DROP COLUMN "county";
ALTER TABLE "TimerPolicy" ADD CONSTRAINT "TimerPolicy_pkey" PRIMARY KEY ("obligation", "step");
