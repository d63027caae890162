/**
 * Boots the real Tika (same `startTika` path as production: migrations, plugins, Sapphire, login)
 * against a fresh Discord double and a fresh database, with a small world ready for user stories:
 * a guild owned by `owner`, members `alice` and `bob`, channel #general.
 */
import { LogLevel } from '@sapphire/framework';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { startTika, type TikaInstance } from '#core/bootstrap';
import type { TikaClient } from '#core/client';
import { parseConfig } from '#core/config/loader';
import type { TikaConfig } from '#core/config/schema';
import type { TikaEnv } from '#core/env';
import { createLogger } from '#core/logging/index';
import { createTestDatabase } from './database';
import { DiscordDouble, type ChannelHandle, type GuildHandle, type UserHandle } from '../../src/playground/double';

export interface TestBotOptions {
	/** Adjust the parsed config.yml before start (e.g. feature defaults). */
	config?: (config: TikaConfig) => void;
	/** Extra environment (owners, dev guilds...). */
	env?: Partial<TikaEnv>;
	/** Reuse a database across two boots (restart tests). */
	databaseUrl?: string;
	/** Reuse a double across two boots (restart tests). */
	double?: DiscordDouble;
	/** Extra plugin roots, e.g. tests/support/fixtures/plugins, loaded after src/plugins. */
	pluginPaths?: string[];
}

export interface TestBot {
	double: DiscordDouble;
	client: TikaClient;
	instance: TikaInstance;
	config: TikaConfig;
	guild: GuildHandle;
	general: ChannelHandle;
	owner: UserHandle;
	alice: UserHandle;
	bob: UserHandle;
	databaseUrl: string;
	/** Everything the bot logged (console format, no colours), for asserting on errors. */
	logs: string[];
	/** Stops the bot; keeps the double and database when `keep` is set (restart tests). */
	stop(options?: { keep?: boolean }): Promise<void>;
}

// eslint-disable-next-line no-control-regex -- strips the console colours from captured log lines
const ANSI = /\x1b\[[0-9;]*m/g;

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
	const double = options.double ?? (await new DiscordDouble().start());
	// A double passed in is reused with the world an earlier boot built on it, or gets one (a double made with options).
	const world = worlds.get(double) ?? createWorld(double);

	const database = options.databaseUrl ? { url: options.databaseUrl, cleanup: async () => undefined } : await createTestDatabase();
	const configPath = resolve(__dirname, '../../config.yml');
	const config = parseConfig(readFileSync(configPath, 'utf8'), configPath);
	options.config?.(config);

	const logs: string[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			logs.push(chunk.toString().replace(ANSI, '').trimEnd());
			callback();
		}
	});
	config.logging.level = LogLevel.Info;
	const logger = createLogger(config.logging, { file: false, stdout: sink, stderr: sink });

	const env: TikaEnv = {
		token: double.token,
		owners: [world.owner.id],
		databaseUrl: database.url,
		databaseProvider: database.url.startsWith('file:') ? 'sqlite' : 'postgresql',
		apiUrl: double.apiUrl,
		configPath,
		devGuildIds: [],
		pluginPaths: options.pluginPaths ?? [],
		nodeEnv: 'test',
		...options.env
	};

	const instance = await startTika({ env, config, logger, rest: double.clientOptions().rest });
	await instance.client.commandsRegistered;

	return {
		double,
		client: instance.client,
		instance,
		config,
		...world,
		databaseUrl: database.url,
		logs,
		async stop({ keep = false } = {}) {
			await instance.stop();
			await logger.close();
			if (!keep) {
				await double.stop();
				await database.cleanup();
			}
		}
	};
}

type World = ReturnType<typeof buildWorld>;
/** Restart tests boot a second bot against the same double: it must see the same world. */
const worlds = new WeakMap<DiscordDouble, World>();

function createWorld(double: DiscordDouble): World {
	const world = buildWorld(double);
	worlds.set(double, world);
	return world;
}

function buildWorld(double: DiscordDouble) {
	const owner = double.createUser({ username: 'owner' });
	const alice = double.createUser({ username: 'alice', globalName: 'Alice' });
	const bob = double.createUser({ username: 'bob', globalName: 'Bob' });
	const guild = double.createGuild({ name: 'Tika Test', ownerId: owner });
	const general = guild.createChannel('general');
	guild.addMember(alice);
	guild.addMember(bob);
	return { owner, alice, bob, guild, general };
}
