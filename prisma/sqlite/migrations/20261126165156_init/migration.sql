-- CreateTable
CREATE TABLE "GuildSettings" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "sassLevel" TEXT NOT NULL DEFAULT 'full',
    "locale" TEXT,
    "data" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FeatureOverride" (
    "guildId" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "feature")
);

-- CreateTable
CREATE TABLE "BotAdmin" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "addedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PluginState" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GuildData" (
    "guildId" TEXT NOT NULL,
    "plugin" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "plugin")
);

-- CreateTable
CREATE TABLE "UserData" (
    "userId" TEXT NOT NULL,
    "plugin" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "plugin")
);

-- CreateIndex
CREATE INDEX "GuildData_plugin_idx" ON "GuildData"("plugin");

-- CreateIndex
CREATE INDEX "UserData_plugin_idx" ON "UserData"("plugin");
