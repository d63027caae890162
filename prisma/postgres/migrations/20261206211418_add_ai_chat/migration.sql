-- CreateTable
CREATE TABLE "AiChatTurn" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT,
    "content" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AiChatTurn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AiChatUsage" (
    "guildId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AiChatUsage_pkey" PRIMARY KEY ("guildId","day","userId")
);

-- CreateTable
CREATE TABLE "AiChatAnswer" (
    "messageId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AiChatAnswer_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "AiChatThread" (
    "threadId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "starterId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AiChatThread_pkey" PRIMARY KEY ("threadId")
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
