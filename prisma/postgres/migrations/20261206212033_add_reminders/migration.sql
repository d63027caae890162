-- CreateTable
CREATE TABLE "Reminder" (
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

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Reminder_ownerId_guildId_status_idx" ON "Reminder"("ownerId", "guildId", "status");

-- CreateIndex
CREATE INDEX "Reminder_guildId_channelId_status_idx" ON "Reminder"("guildId", "channelId", "status");
