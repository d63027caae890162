/**
 * `npm run start:sharded` / `node dist/shard.js`: discord.js's ShardingManager runs every gateway shard as its own
 * process (`index.js`, the same entry point as a single process; discord.js gives each its shard id through
 * SHARDS/SHARD_COUNT), respawns a shard whose process ends, and carries `/stats`' broadcastEval. See docs/sharding.md.
 */
import { ShardingManager, type Shard } from 'discord.js';
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '#core/database/index';
import type { TikaEnv } from '#core/env';
import { StartupError } from '#core/errors';
import { assertShardableDatabase } from './shards';

export interface ManagerLogger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

export interface ShardsOptions {
	env: TikaEnv;
	logger: ManagerLogger;
	/** The shard process's script (dist/index.js, or src/index.ts under tsx). */
	entry: string;
	/** Node flags for the shard processes (e.g. `--require tsx/cjs` when running from source). */
	execArgv?: string[];
	/** How long a shard may take from spawn to its gateway READY. Default 120 s. */
	readyTimeoutMs?: number;
}

export interface ShardsRun {
	manager: ShardingManager;
	count: number;
	/** Stops respawning, sends SIGTERM to every shard (each shuts down gracefully) and waits for them to exit. */
	stop(): Promise<void>;
}

/** Discord's IDENTIFY limit is one per 5 s per `max_concurrency` bucket; discord.js's default spawn delay leaves a margin. */
const IDENTIFY_SPACING_MS = 5_500;
/** A shard given SIGTERM gets this long (its own deadline is 9 s) before SIGKILL. */
const STOP_DEADLINE_MS = 10_000;

/** What Discord recommends (`GET /gateway/bot`), asked through DISCORD_API_URL when set (discord.js's own look-up always asks discord.com). */
export async function recommendedShards(env: TikaEnv): Promise<{ shards: number; maxConcurrency: number }> {
	const base = env.apiUrl ?? 'https://discord.com/api';
	let response: Response;
	try {
		response = await fetch(`${base}/v10/gateway/bot`, { headers: { Authorization: `Bot ${env.token ?? ''}` } });
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
		throw new StartupError(`Cannot ask Discord for the recommended shard count (${cause})`, 'Check your network, or set TIKA_SHARDS to a number');
	}
	if (response.status === 401) {
		throw new StartupError(
			'Discord rejected DISCORD_TOKEN',
			'Copy the token again from the Discord developer portal (Bot → Reset Token) into .env'
		);
	}
	if (!response.ok) {
		throw new StartupError(
			`Discord answered ${response.status} when asked for the recommended shard count`,
			'Try again, or set TIKA_SHARDS to a number'
		);
	}
	const body = (await response.json()) as { shards?: number; session_start_limit?: { max_concurrency?: number } };
	return { shards: Math.max(1, body.shards ?? 1), maxConcurrency: Math.max(1, body.session_start_limit?.max_concurrency ?? 1) };
}

/** Resolves the shard count, refuses SQLite for more than one shard, migrates the database once, then spawns every shard. */
export async function startShards(options: ShardsOptions): Promise<ShardsRun> {
	const { env, logger } = options;
	if (!env.token) throw new StartupError('DISCORD_TOKEN is not set', 'Copy .env.example to .env and paste your bot token');
	const { shards: count, maxConcurrency } =
		env.shards === undefined || env.shards === 'auto' ? await recommendedShards(env) : { shards: env.shards, maxConcurrency: 1 };
	assertShardableDatabase(env.databaseProvider, count);

	// Once, here, rather than every shard racing to apply the same migrations at start.
	const database = await openDatabase(env.databaseUrl, { migrate: true });
	await database.disconnect();

	const manager = new ShardingManager(options.entry, {
		totalShards: count,
		mode: 'process',
		respawn: true,
		token: env.token,
		execArgv: options.execArgv ?? []
	});
	let stopping = false;
	manager.on('shardCreate', (shard) => watch(shard, logger, () => stopping));
	logger.info(`Starting ${count} shard${count === 1 ? '' : 's'} (${env.shards === undefined || env.shards === 'auto' ? 'auto' : 'TIKA_SHARDS'}).`);

	const stop = async () => {
		stopping = true;
		manager.respawn = false;
		await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard)));
	};
	try {
		await manager.spawn({ amount: count, delay: Math.ceil(IDENTIFY_SPACING_MS / maxConcurrency), timeout: options.readyTimeoutMs ?? 120_000 });
	} catch (error) {
		await stop();
		if (error instanceof StartupError) throw error;
		throw new StartupError(`A shard stopped before it was ready (${(error as Error).message})`, 'See the shard’s own line above');
	}
	logger.info(`All ${count} shard${count === 1 ? '' : 's'} ready.`);
	return { manager, count, stop };
}

function watch(shard: Shard, logger: ManagerLogger, stopping: () => boolean): void {
	const name = `shard ${shard.id}`;
	// mode 'process': always a ChildProcess.
	shard.on('spawn', (child) => logger.info(`[shards] ${name} started (pid ${(child as ChildProcess).pid}).`));
	shard.on('ready', () => logger.info(`[shards] ${name} ready.`));
	shard.on('death', (process) => {
		const child = process as ChildProcess;
		const how = child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
		if (stopping()) logger.info(`[shards] ${name} stopped (${how}).`);
		else logger.warn(`[shards] ${name} exited (${how}); starting it again.`);
	});
	shard.on('error', (error: Error) => logger.error(`[shards] ${name}: ${error.message}`));
}

/** SIGTERM (the shard flushes and closes like a single process), SIGKILL after the deadline. */
async function stopShard(shard: Shard): Promise<void> {
	const child = shard.process;
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const deadline = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
	await exited;
	clearTimeout(deadline);
}
