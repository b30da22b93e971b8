-- migrate:up
-- The youth registry: sealed identifying details, a blind index, merges, and advocacy consent.
CREATE TYPE "ConsentGiver" AS ENUM ('YOUTH', 'PARENT');

CREATE TABLE "Youth" (
    "ref" TEXT NOT NULL,
    "registeredBy" TEXT NOT NULL,
    "pseudonymous" BOOLEAN NOT NULL DEFAULT false,
    "keyId" TEXT,
    "wrappedKey" BYTEA,
    "details" BYTEA,
    "blindIndex" TEXT,
    "mergedInto" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Youth_pkey" PRIMARY KEY ("ref")
);

CREATE TABLE "YouthMerge" (
    "id" BIGSERIAL NOT NULL,
    "youthRef" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "survivor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YouthMerge_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "YouthConsent" (
    "id" TEXT NOT NULL,
    "youthRef" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "consentedBy" "ConsentGiver" NOT NULL,
    "parentNotSuspectedExploiter" BOOLEAN NOT NULL DEFAULT false,
    "categories" TEXT[],
    "agencyTypes" "AgencyType"[],
    "validUntil" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "documentRef" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YouthConsent_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Youth_blindIndex_idx" ON "Youth"("blindIndex");
CREATE INDEX "Youth_mergedInto_idx" ON "Youth"("mergedInto");
CREATE INDEX "YouthMerge_youthRef_idx" ON "YouthMerge"("youthRef");
CREATE INDEX "YouthConsent_youthRef_idx" ON "YouthConsent"("youthRef");

ALTER TABLE "YouthMerge" ADD CONSTRAINT "YouthMerge_youthRef_fkey" FOREIGN KEY ("youthRef") REFERENCES "Youth"("ref") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "YouthConsent" ADD CONSTRAINT "YouthConsent_youthRef_fkey" FOREIGN KEY ("youthRef") REFERENCES "Youth"("ref") ON DELETE RESTRICT ON UPDATE CASCADE;

-- migrate:down
DROP TABLE "YouthConsent";
DROP TABLE "YouthMerge";
DROP TABLE "Youth";
DROP TYPE "ConsentGiver";
