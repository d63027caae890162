-- CreateTable
CREATE TABLE "SocialActionCount" (
    "guildId" TEXT NOT NULL,
    "fromId" TEXT NOT NULL,
    "toId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "fromId", "toId", "action")
);

-- CreateTable
CREATE TABLE "SocialOptOut" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SocialRep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "giverId" TEXT NOT NULL,
    "receiverId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SocialRepGiver" (
    "guildId" TEXT NOT NULL,
    "giverId" TEXT NOT NULL,
    "lastGivenAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "giverId")
);

-- CreateIndex
CREATE INDEX "SocialActionCount_guildId_toId_idx" ON "SocialActionCount"("guildId", "toId");

-- CreateIndex
CREATE INDEX "SocialRep_guildId_receiverId_idx" ON "SocialRep"("guildId", "receiverId");

-- CreateIndex
CREATE INDEX "SocialRep_guildId_giverId_idx" ON "SocialRep"("guildId", "giverId");
