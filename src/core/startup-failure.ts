import { DiscordjsErrorCodes } from 'discord.js';
import { StartupError } from '#core/errors';
import { redact } from '#core/logging/redact';
import { DatabaseError } from '#core/database/index';
import { PluginManifestError } from '#core/plugins/manifest';
import { PluginDependencyError } from '#core/plugins/order';

/**
 * Turns anything that stopped the start-up into one line a person can act on.
 * Known failures get a specific fix; anything else keeps its message (never its stack: the
 * person starting the bot needs the problem, not the call chain).
 */
export function describeStartupFailure(error: unknown): string {
	// Printed with console.error, outside the logger, so it goes through the same redactor itself.
	return redact(describe(error));
}

function describe(error: unknown): string {
	if (error instanceof StartupError) return error.toLine();
	if (error instanceof DatabaseError) return error.message;
	if (error instanceof PluginManifestError || error instanceof PluginDependencyError) {
		return `${error.message}. Fix the plugin's plugin.ts or remove its folder from src/plugins.`;
	}
	const code = (error as { code?: unknown } | null)?.code;
	if (code === DiscordjsErrorCodes.TokenInvalid) {
		return 'Discord rejected DISCORD_TOKEN. Copy the token again from the Discord developer portal (Bot → Reset Token) into .env';
	}
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN') {
		return `Cannot reach the Discord API (${String(code)}). Check your network, or DISCORD_API_URL if you set it`;
	}
	const status = (error as { status?: unknown } | null)?.status;
	if (status === 401) return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Reset the token in the developer portal and update .env';
	const message = error instanceof Error ? error.message : String(error);
	return `Start-up failed: ${message.split('\n')[0]}`;
}
