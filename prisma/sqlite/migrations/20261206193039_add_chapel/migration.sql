-- CreateTable
CREATE TABLE "ChapelBoard" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "emojis" JSONB NOT NULL,
    "threshold" INTEGER NOT NULL DEFAULT 3,
    "keepThreshold" INTEGER,
    "belowKeep" TEXT NOT NULL DEFAULT 'remove',
    "selfVote" BOOLEAN NOT NULL DEFAULT false,
    "botMessages" BOOLEAN NOT NULL DEFAULT false,
    "maxAgeDays" INTEGER,
    "nsfw" TEXT NOT NULL DEFAULT 'age_restricted_only',
    "ignoredChannels" JSONB NOT NULL,
    "autostarChannels" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChapelVote" (
    "boardId" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "voterId" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("boardId", "messageId", "voterId", "emoji")
);

-- CreateTable
CREATE TABLE "ChapelPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "boardId" INTEGER NOT NULL,
    "guildId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "postId" TEXT,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "forcedBy" TEXT,
    "messageAt" DATETIME NOT NULL,
    "postedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ChapelBoard_guildId_channelId_key" ON "ChapelBoard"("guildId", "channelId");

-- CreateIndex
CREATE INDEX "ChapelVote_guildId_voterId_idx" ON "ChapelVote"("guildId", "voterId");

-- CreateIndex
CREATE INDEX "ChapelVote_guildId_authorId_idx" ON "ChapelVote"("guildId", "authorId");

-- CreateIndex
CREATE INDEX "ChapelPost_guildId_messageId_idx" ON "ChapelPost"("guildId", "messageId");

-- CreateIndex
CREATE INDEX "ChapelPost_postId_idx" ON "ChapelPost"("postId");

-- CreateIndex
CREATE INDEX "ChapelPost_guildId_authorId_idx" ON "ChapelPost"("guildId", "authorId");

-- CreateIndex
CREATE INDEX "ChapelPost_guildId_count_idx" ON "ChapelPost"("guildId", "count");

-- CreateIndex
CREATE UNIQUE INDEX "ChapelPost_boardId_messageId_key" ON "ChapelPost"("boardId", "messageId");
