-- DropTable
DROP TABLE "Reminder";

-- CreateTable
CREATE TABLE "ReminderEntry" (
    "id" SERIAL NOT NULL,
    "ownerId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT 'here',
    "kind" TEXT NOT NULL DEFAULT 'reminder',
    "text" TEXT NOT NULL,
    "sourceUrl" TEXT,
    "rule" TEXT,
    "zone" TEXT NOT NULL,
    "wallClock" BOOLEAN NOT NULL DEFAULT false,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReminderEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReminderEntry_ownerId_guildId_status_idx" ON "ReminderEntry"("ownerId", "guildId", "status");

-- CreateIndex
CREATE INDEX "ReminderEntry_guildId_channelId_status_idx" ON "ReminderEntry"("guildId", "channelId", "status");
