-- migrate:up
-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AgencyType" AS ENUM ('LE', 'ADVOCACY', 'PROBATION', 'DA', 'PD', 'SSA', 'HEALTH');

-- CreateEnum
CREATE TYPE "RepresentativeRole" AS ENUM ('OFFICER', 'ADVOCATE', 'DPO', 'DDA', 'DEFENDER', 'SOCIAL_WORKER', 'CLINICIAN', 'BACKUP', 'SUPERVISOR', 'MDT_COORDINATOR');

-- CreateTable
CREATE TABLE "Agency" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "AgencyType" NOT NULL,
    "county" TEXT NOT NULL,
    "outOfCounty" BOOLEAN NOT NULL DEFAULT false,
    "designated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Representative" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "RepresentativeRole" NOT NULL,
    "onCall" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Representative_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EscalationLevel" (
    "agencyId" TEXT NOT NULL,
    "role" "RepresentativeRole" NOT NULL,
    "level" INTEGER NOT NULL,
    "targetAgencyId" TEXT NOT NULL,
    "targetRole" "RepresentativeRole" NOT NULL,

    CONSTRAINT "EscalationLevel_pkey" PRIMARY KEY ("agencyId","role","level")
);

-- CreateTable
CREATE TABLE "TimerPolicy" (
    "obligation" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "acknowledgeWithinSeconds" INTEGER NOT NULL,
    "completeWithinSeconds" INTEGER,
    "escalateEverySeconds" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimerPolicy_pkey" PRIMARY KEY ("obligation","step")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "admin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "key" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "workflowId" TEXT,
    "stepId" TEXT,
    "detail" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepFact" (
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "workflowId" TEXT NOT NULL,
    "obligation" TEXT NOT NULL,
    "county" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "agencyId" TEXT,

    CONSTRAINT "StepFact_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "UsedLink" (
    "jti" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsedLink_pkey" PRIMARY KEY ("jti")
);

-- CreateIndex
CREATE INDEX "Agency_county_type_idx" ON "Agency"("county", "type");

-- CreateIndex
CREATE INDEX "Representative_agencyId_role_idx" ON "Representative"("agencyId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_key_key" ON "AuditEvent"("key");

-- CreateIndex
CREATE INDEX "AuditEvent_workflowId_idx" ON "AuditEvent"("workflowId");

-- CreateIndex
CREATE INDEX "StepFact_obligation_event_idx" ON "StepFact"("obligation", "event");

-- AddForeignKey
ALTER TABLE "Representative" ADD CONSTRAINT "Representative_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EscalationLevel" ADD CONSTRAINT "EscalationLevel_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EscalationLevel" ADD CONSTRAINT "EscalationLevel_targetAgencyId_fkey" FOREIGN KEY ("targetAgencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- migrate:down
-- Forward-only: the directory and audit trail are restored from backup, never dropped.
