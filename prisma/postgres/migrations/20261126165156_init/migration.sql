-- CreateTable
CREATE TABLE "GuildSettings" (
    "guildId" TEXT NOT NULL,
    "sassLevel" TEXT NOT NULL DEFAULT 'full',
    "locale" TEXT,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GuildSettings_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "FeatureOverride" (
    "guildId" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeatureOverride_pkey" PRIMARY KEY ("guildId","feature")
);

-- CreateTable
CREATE TABLE "BotAdmin" (
    "userId" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BotAdmin_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "PluginState" (
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PluginState_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "GuildData" (
    "guildId" TEXT NOT NULL,
    "plugin" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GuildData_pkey" PRIMARY KEY ("guildId","plugin")
);

-- CreateTable
CREATE TABLE "UserData" (
    "userId" TEXT NOT NULL,
    "plugin" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserData_pkey" PRIMARY KEY ("userId","plugin")
);

-- CreateIndex
CREATE INDEX "GuildData_plugin_idx" ON "GuildData"("plugin");

-- CreateIndex
CREATE INDEX "UserData_plugin_idx" ON "UserData"("plugin");
