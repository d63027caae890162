import { container } from '@sapphire/framework';
import type { ILogger } from '@sapphire/framework';
import type { TikaEnv } from '#core/env';
import type { Lifecycle } from '#core/lifecycle';
import { DEFAULT_REDIS_PREFIX } from '#core/env';
import { registerSecret } from '#core/logging/redact';
import { databasePasswords } from '#core/logging/secrets';
import { getPersonality } from '#shared/personality/default';
import { FrustrationSync } from './frustration';
import { SharedState } from './redis';

/** Connects to Redis when `REDIS_URL` is set (one line and exit 1 when it cannot be reached); null otherwise. */
export async function openSharedState(env: TikaEnv, logger: Pick<ILogger, 'warn'>): Promise<SharedState | null> {
	if (!env.redisUrl) return null;
	// Registered with the redactor: a driver error quoting the password never reaches a log line.
	for (const secret of databasePasswords(env.redisUrl)) registerSecret(secret);
	return SharedState.open(env.redisUrl, env.redisPrefix ?? DEFAULT_REDIS_PREFIX, { warn: (message) => logger.warn(message) });
}

/**
 * Puts the shared state on `container.sharedState` (null without Redis: every user-bound state stays in memory) and
 * starts sharing frustration. The connection closes after the other shutdown hooks (registered first, run last).
 */
export async function installSharedState(shared: SharedState | null, lifecycle: Lifecycle): Promise<void> {
	container.sharedState = shared;
	if (!shared) return;
	const frustration = new FrustrationSync(shared, getPersonality().tracker);
	shared.onClose(() => frustration.stop());
	lifecycle.onShutdown('redis: shared user state', () => shared.close());
	await frustration.start();
}

declare module '@sapphire/pieces' {
	interface Container {
		/** Redis for state that belongs to a user (cooldowns, frustration, AI limits) when `REDIS_URL` is set; null otherwise. */
		sharedState: SharedState | null;
	}
}
