/**
 * Tika over several gateway shards, one process each (`npm run start:sharded`, `node dist/shard.js`): discord.js's
 * ShardingManager starts `index.js` once per shard and starts a shard again when its process ends. Needs PostgreSQL
 * (SQLite is one file for one process: refused with one line); user state is shared through Redis when REDIS_URL is
 * set. See docs/sharding.md.
 */
import { resolve } from 'node:path';
import { loadConfig } from '#core/config/loader';
import { redactUrl } from '#core/database/index';
import { loadDotEnv, parseEnv } from '#core/env';
import { createLogger, redact } from '#core/logging/index';
import { registerEnvSecrets } from '#core/logging/secrets';
import { startShards } from '#core/sharding/manager';
import { logFileFor } from '#core/sharding/shards';
import { exitOnStopSignals } from '#core/signals';
import { describeStartupFailure } from '#core/startup-failure';

async function main(): Promise<void> {
	loadDotEnv();
	const env = parseEnv(process.env, { requireToken: true });
	registerEnvSecrets(env);
	const config = loadConfig(resolve(env.configPath));
	const logger = createLogger({ ...config.logging, file: logFileFor(config.logging.file, 'manager') }, { secrets: [env.token ?? ''] });
	logger.info(`Starting ${config.bot.name} shards with database ${redactUrl(env.databaseUrl)}`);
	// The shards run the same entry point as a single process: compiled beside this file, or from source under tsx.
	const entry = resolve(__dirname, __filename.endsWith('.ts') ? 'index.ts' : 'index.js');
	const run = await startShards({ env, logger, entry, execArgv: process.execArgv });
	// Each shard has its own 9 s deadline; the manager gives them that plus its SIGKILL margin.
	exitOnStopSignals(() => run.stop(), logger, { what: 'stopping every shard', deadlineMs: 15_000 });
}

main().catch((error: unknown) => {
	console.error(redact(`tika: ${describeStartupFailure(error)}`));
	process.exit(1);
});
