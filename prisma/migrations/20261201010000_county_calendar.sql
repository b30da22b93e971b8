-- migrate:up
-- County calendars: time zone, business hours and holidays for business-time deadlines.
CREATE TABLE "County" (
    "id" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'America/Los_Angeles',
    "businessDayStart" TEXT NOT NULL DEFAULT '08:00',
    "businessDayEnd" TEXT NOT NULL DEFAULT '17:00',
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "County_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Holiday" (
    "county" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Holiday_pkey" PRIMARY KEY ("county","date")
);

-- migrate:down
-- Forward-only, like the earlier migrations: the holiday list is administrators' data.
