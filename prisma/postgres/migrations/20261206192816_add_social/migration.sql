-- CreateTable
CREATE TABLE "SocialActionCount" (
    "guildId" TEXT NOT NULL,
    "fromId" TEXT NOT NULL,
    "toId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SocialActionCount_pkey" PRIMARY KEY ("guildId","fromId","toId","action")
);

-- CreateTable
CREATE TABLE "SocialOptOut" (
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SocialOptOut_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "SocialRep" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "giverId" TEXT NOT NULL,
    "receiverId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SocialRep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialRepGiver" (
    "guildId" TEXT NOT NULL,
    "giverId" TEXT NOT NULL,
    "lastGivenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SocialRepGiver_pkey" PRIMARY KEY ("guildId","giverId")
);

-- CreateIndex
CREATE INDEX "SocialActionCount_guildId_toId_idx" ON "SocialActionCount"("guildId", "toId");

-- CreateIndex
CREATE INDEX "SocialRep_guildId_receiverId_idx" ON "SocialRep"("guildId", "receiverId");

-- CreateIndex
CREATE INDEX "SocialRep_guildId_giverId_idx" ON "SocialRep"("guildId", "giverId");
