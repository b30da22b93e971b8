-- migrate:up
-- A confidential step escalates inside its agency, up to its director.
ALTER TYPE "RepresentativeRole" ADD VALUE 'DIRECTOR' BEFORE 'MDT_COORDINATOR';
-- Who acted through an emailed link (a directory id), beside the agency.
ALTER TABLE "StepFact" ADD COLUMN "representativeId" TEXT;

-- migrate:down
ALTER TABLE "StepFact" DROP COLUMN "representativeId";
-- PostgreSQL cannot drop an enum value; DIRECTOR stays defined and unused.
