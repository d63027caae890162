-- CreateTable
CREATE TABLE "AutoReplyTrigger" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    "match" TEXT NOT NULL,
    "responses" JSONB NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'reply',
    "deleteTrigger" BOOLEAN NOT NULL DEFAULT false,
    "chance" INTEGER NOT NULL DEFAULT 100,
    "cooldownSeconds" INTEGER NOT NULL DEFAULT 0,
    "cooldownScope" TEXT NOT NULL DEFAULT 'channel',
    "scope" JSONB,
    "fired" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LinkFixPost" (
    "sourceMessageId" TEXT NOT NULL PRIMARY KEY,
    "guildId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "fixMessageId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "AutoReplyTrigger_guildId_idx" ON "AutoReplyTrigger"("guildId");

-- CreateIndex
CREATE UNIQUE INDEX "AutoReplyTrigger_guildId_match_normalized_key" ON "AutoReplyTrigger"("guildId", "match", "normalized");

-- CreateIndex
CREATE INDEX "LinkFixPost_fixMessageId_idx" ON "LinkFixPost"("fixMessageId");

-- CreateIndex
CREATE INDEX "LinkFixPost_createdAt_idx" ON "LinkFixPost"("createdAt");
