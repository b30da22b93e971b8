-- migrate:up
-- The weekly Safety Net meeting's schedule and the yearly MOU review, per county; each attending
-- agency's agenda of a meeting.
ALTER TABLE "County" ADD COLUMN "safetyNetDay" TEXT NOT NULL DEFAULT 'TUESDAY',
ADD COLUMN "safetyNetTime" TEXT NOT NULL DEFAULT '10:00',
ADD COLUMN "safetyNetTimeZone" TEXT NOT NULL DEFAULT 'America/Los_Angeles',
ADD COLUMN "safetyNetPaused" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "mouAnniversary" TEXT NOT NULL DEFAULT '07-01',
ADD COLUMN "mouRenewedOn" TEXT;

CREATE TABLE "SafetyNetAgenda" (
    "meetingId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "county" TEXT NOT NULL,
    "youth" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SafetyNetAgenda_pkey" PRIMARY KEY ("meetingId","agencyId")
);

CREATE INDEX "SafetyNetAgenda_county_createdAt_idx" ON "SafetyNetAgenda"("county", "createdAt");

-- migrate:down
DROP TABLE "SafetyNetAgenda";
ALTER TABLE "County" DROP COLUMN "safetyNetDay", DROP COLUMN "safetyNetTime", DROP COLUMN "safetyNetTimeZone",
DROP COLUMN "safetyNetPaused", DROP COLUMN "mouAnniversary", DROP COLUMN "mouRenewedOn";
