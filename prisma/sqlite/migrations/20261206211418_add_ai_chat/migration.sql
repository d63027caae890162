-- CreateTable
CREATE TABLE "AiChatTurn" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT,
    "content" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AiChatUsage" (
    "guildId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "day", "userId")
);

-- CreateTable
CREATE TABLE "AiChatAnswer" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "guildId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AiChatThread" (
    "threadId" TEXT NOT NULL PRIMARY KEY,
    "guildId" TEXT NOT NULL,
    "starterId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "AiChatTurn_conversationId_id_idx" ON "AiChatTurn"("conversationId", "id");

-- CreateIndex
CREATE INDEX "AiChatTurn_guildId_idx" ON "AiChatTurn"("guildId");

-- CreateIndex
CREATE INDEX "AiChatUsage_guildId_day_idx" ON "AiChatUsage"("guildId", "day");

-- CreateIndex
CREATE INDEX "AiChatAnswer_createdAt_idx" ON "AiChatAnswer"("createdAt");

-- CreateIndex
CREATE INDEX "AiChatThread_guildId_idx" ON "AiChatThread"("guildId");
