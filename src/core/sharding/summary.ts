/**
 * What one shard process reports about itself, and the totals over every shard (`/stats`). With several shards each
 * process sees only its own guilds and counts only its own commands, so a total is asked of every shard through the
 * ShardingManager's broadcastEval.
 */
import { container } from '@sapphire/framework';
import type { Client } from 'discord.js';

export interface ShardSummary {
	/** The shard ids this process runs ([0] for a single process). */
	shards: number[];
	guilds: number;
	members: number;
	usersCached: number;
	/** Gateway heartbeat round trip; -1 before the first one. */
	pingMs: number;
	commands: { runs: number; errors: number; denied: number };
	rssBytes: number;
	uptimeMs: number;
}

/** Every shard's summary, or the ids of the shards that did not answer (a shard being started again). */
export interface ClusterSummary {
	count: number;
	answered: ShardSummary[];
	missing: number[];
}

/** How `broadcastEval` finds the function in a shard: its script runs in the shard's process, outside any module. */
const SUMMARY = Symbol.for('tika.shardSummary');
// Well inside the 3 s an interaction has for its reply.
const SHARD_ANSWER_TIMEOUT_MS = 1_500;

/** This process's figures. */
export function localSummary(): ShardSummary {
	const { client, stats } = container;
	const shards = client.shard?.ids ?? [0];
	return {
		shards: [...shards],
		guilds: client.guilds.cache.size,
		members: client.guilds.cache.reduce((sum, guild) => sum + guild.memberCount, 0),
		usersCached: client.users.cache.size,
		pingMs: client.ws.ping,
		commands: stats.totals(),
		rssBytes: process.memoryUsage().rss,
		uptimeMs: client.uptime ?? 0
	};
}

Reflect.set(globalThis, SUMMARY, localSummary);

/**
 * Every shard's summary (this one's included) when the process was started by the ShardingManager; null for a single
 * process. A shard that does not answer within 1.5 s (it is being started again) is listed as missing, not waited for.
 */
export async function clusterSummary(client: Client): Promise<ClusterSummary | null> {
	const util = client.shard;
	if (!util || util.count <= 1) return null;
	const ask = (shard: number) =>
		Promise.race([
			util.broadcastEval(() => (Reflect.get(globalThis, Symbol.for('tika.shardSummary')) as () => ShardSummary)(), { shard }),
			new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), SHARD_ANSWER_TIMEOUT_MS).unref())
		]);
	const results = await Promise.allSettled(Array.from({ length: util.count }, (_, shard) => ask(shard)));
	const answered: ShardSummary[] = [];
	const missing: number[] = [];
	results.forEach((result, shard) => (result.status === 'fulfilled' ? answered.push(result.value) : missing.push(shard)));
	return { count: util.count, answered, missing };
}

/** Totals over the shards that answered. */
export function totalOf(cluster: ClusterSummary): Omit<ShardSummary, 'shards' | 'pingMs' | 'uptimeMs'> & { pingMs: number } {
	const sum = (pick: (summary: ShardSummary) => number) => cluster.answered.reduce((total, summary) => total + pick(summary), 0);
	const pings = cluster.answered.map((summary) => summary.pingMs).filter((ping) => ping >= 0);
	return {
		guilds: sum((s) => s.guilds),
		members: sum((s) => s.members),
		usersCached: sum((s) => s.usersCached),
		pingMs: pings.length ? pings.reduce((a, b) => a + b, 0) / pings.length : -1,
		commands: { runs: sum((s) => s.commands.runs), errors: sum((s) => s.commands.errors), denied: sum((s) => s.commands.denied) },
		rssBytes: sum((s) => s.rssBytes)
	};
}
