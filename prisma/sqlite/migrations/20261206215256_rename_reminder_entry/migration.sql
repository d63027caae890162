-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "Reminder";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "ReminderEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ReminderEntry_ownerId_guildId_status_idx" ON "ReminderEntry"("ownerId", "guildId", "status");

-- CreateIndex
CREATE INDEX "ReminderEntry_guildId_channelId_status_idx" ON "ReminderEntry"("guildId", "channelId", "status");
