-- migrate:up
-- Warrant requests drafted by missing-youth episodes, one per episode.
CREATE TABLE "WarrantRequest" (
    "id" TEXT NOT NULL,
    "episodeKey" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "youthRef" TEXT NOT NULL,
    "county" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WarrantRequest_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "WarrantRequest_episodeKey_key" ON "WarrantRequest"("episodeKey");

-- migrate:down
DROP TABLE "WarrantRequest";
