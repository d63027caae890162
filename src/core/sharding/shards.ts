import type { Client } from 'discord.js';
import type { DatabaseProvider } from '#core/database/index';
import { StartupError } from '#core/errors';

/** Which gateway shards this process runs, out of how many. */
export interface ShardSet {
	ids: readonly number[];
	count: number;
}

/** The shard Discord sends a guild's events to: `(guild_id >> 22) % shard_count` (Discord's Gateway docs, "Sharding"). */
export function shardOfGuild(guildId: string, count: number): number {
	return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** The shards of this process when there is more than one in all (discord.js reads SHARDS/SHARD_COUNT from the manager), else null. */
export function shardsOf(client: Pick<Client, 'options'>): ShardSet | null {
	const { shards, shardCount } = client.options;
	const count = typeof shardCount === 'number' ? shardCount : 1;
	if (count <= 1) return null;
	const ids = Array.isArray(shards) ? shards : typeof shards === 'number' ? [shards] : Array.from({ length: count }, (_, id) => id);
	return { ids, count };
}

/**
 * Several processes on one SQLite file would fight over its write lock and each keep its own idea of what is cached:
 * refused, with the one line every start-up failure gets.
 */
export function assertShardableDatabase(provider: DatabaseProvider, processes: number): void {
	if (provider === 'sqlite' && processes > 1) {
		throw new StartupError(
			`SQLite cannot be shared by ${processes} shard processes`,
			'Set DATABASE_URL to a PostgreSQL database (postgresql://user:pass@host:5432/db) to run shards, or run one process with npm start'
		);
	}
}

/**
 * A shard's own log file: `logs/bot.log` becomes `logs/bot.shard-1.log` in the process of shard 1, because several
 * processes rotating one file would lose each other's lines. Unchanged outside a sharded run.
 */
export function perProcessLogFile(path: string, env: NodeJS.ProcessEnv = process.env): string {
	return env.SHARDING_MANAGER && env.SHARDS !== undefined ? logFileFor(path, `shard-${env.SHARDS}`) : path;
}

/** `logs/bot.log` → `logs/bot.<role>.log`. */
export function logFileFor(path: string, role: string): string {
	const dot = path.lastIndexOf('.');
	const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
	return dot > slash + 1 ? `${path.slice(0, dot)}.${role}${path.slice(dot)}` : `${path}.${role}`;
}
