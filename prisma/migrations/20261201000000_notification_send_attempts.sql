-- migrate:up
-- Counts the sends started per notification (the at-least-once protocol in activities/notify.ts).
ALTER TABLE "Notification" ADD COLUMN "sendAttempts" INTEGER NOT NULL DEFAULT 0;

-- migrate:down
-- Forward-only, like the initial migration: the count is evidence of possible duplicates.
