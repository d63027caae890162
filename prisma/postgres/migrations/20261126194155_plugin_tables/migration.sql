-- CreateTable
CREATE TABLE "MemberXp" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "xp" INTEGER NOT NULL DEFAULT 0,
    "level" INTEGER NOT NULL DEFAULT 0,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberXp_pkey" PRIMARY KEY ("guildId","userId")
);

-- CreateTable
CREATE TABLE "LevelReward" (
    "guildId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LevelReward_pkey" PRIMARY KEY ("guildId","roleId")
);

-- CreateTable
CREATE TABLE "UserProfile" (
    "userId" TEXT NOT NULL,
    "bio" TEXT,
    "pronouns" TEXT,
    "accentColor" INTEGER,
    "cardBackground" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "CustomRole" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "color" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomRole_pkey" PRIMARY KEY ("guildId","userId")
);

-- CreateTable
CREATE TABLE "GameStat" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "game" TEXT NOT NULL,
    "wins" INTEGER NOT NULL DEFAULT 0,
    "losses" INTEGER NOT NULL DEFAULT 0,
    "draws" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GameStat_pkey" PRIMARY KEY ("guildId","game","userId")
);

-- CreateTable
CREATE TABLE "WordChain" (
    "channelId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "lastWord" TEXT,
    "lastUserId" TEXT,
    "length" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WordChain_pkey" PRIMARY KEY ("channelId")
);

-- CreateTable
CREATE TABLE "WordChainWord" (
    "channelId" TEXT NOT NULL,
    "word" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WordChainWord_pkey" PRIMARY KEY ("channelId","word")
);

-- CreateTable
CREATE TABLE "WordChainScore" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "score" INTEGER NOT NULL DEFAULT 0,
    "words" INTEGER NOT NULL DEFAULT 0,
    "mistakes" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WordChainScore_pkey" PRIMARY KEY ("guildId","userId")
);

-- CreateTable
CREATE TABLE "ModCaseCounter" (
    "guildId" TEXT NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ModCaseCounter_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "ModCase" (
    "guildId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "targetId" TEXT,
    "moderatorId" TEXT NOT NULL,
    "reason" TEXT,
    "details" JSONB,
    "logMessageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModCase_pkey" PRIMARY KEY ("guildId","number")
);

-- CreateTable
CREATE TABLE "Detention" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "moderatorId" TEXT NOT NULL,
    "reason" TEXT,
    "savedRoles" JSONB NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releaseAt" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "releasedBy" TEXT,
    "releaseReason" TEXT,
    "releasedLate" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Detention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WordFilterRule" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "match" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WordFilterRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WordFilterStrike" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "ruleId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WordFilterStrike_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelActivity" (
    "guildId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChannelActivity_pkey" PRIMARY KEY ("guildId","day","channelId")
);

-- CreateIndex
CREATE INDEX "MemberXp_guildId_xp_idx" ON "MemberXp"("guildId", "xp");

-- CreateIndex
CREATE INDEX "LevelReward_guildId_level_idx" ON "LevelReward"("guildId", "level");

-- CreateIndex
CREATE UNIQUE INDEX "CustomRole_guildId_roleId_key" ON "CustomRole"("guildId", "roleId");

-- CreateIndex
CREATE INDEX "GameStat_guildId_game_wins_idx" ON "GameStat"("guildId", "game", "wins");

-- CreateIndex
CREATE INDEX "WordChain_guildId_idx" ON "WordChain"("guildId");

-- CreateIndex
CREATE INDEX "WordChainScore_guildId_score_idx" ON "WordChainScore"("guildId", "score");

-- CreateIndex
CREATE INDEX "ModCase_guildId_targetId_idx" ON "ModCase"("guildId", "targetId");

-- CreateIndex
CREATE INDEX "Detention_guildId_userId_idx" ON "Detention"("guildId", "userId");

-- CreateIndex
CREATE INDEX "Detention_releasedAt_releaseAt_idx" ON "Detention"("releasedAt", "releaseAt");

-- CreateIndex
CREATE UNIQUE INDEX "WordFilterRule_guildId_match_pattern_key" ON "WordFilterRule"("guildId", "match", "pattern");

-- CreateIndex
CREATE INDEX "WordFilterStrike_guildId_userId_createdAt_idx" ON "WordFilterStrike"("guildId", "userId", "createdAt");
