/**
 * Tika's entry point: environment → config → logger → database (migrated) → client → login.
 * Every failure a person can fix (no token, broken config.yml, unreachable database, rejected
 * token) ends the process with ONE line saying what is wrong and how to fix it: no stack trace.
 */
// First: the compiled bot's start-up modules come from the build's module pack (src/core/module-pack.ts; none under tsx).
import '#core/module-pack';
// Then Tika's V8 flags, which must hold before anything compiles WebAssembly (src/core/v8-flags.ts).
import '#core/v8-flags';
import { resolve } from 'node:path';
import { startTika } from '#core/bootstrap';
import { loadConfig } from '#core/config/loader';
import { redactUrl } from '#core/database/index';
import { loadDotEnv, parseEnv } from '#core/env';
import { describeStartupFailure } from '#core/startup-failure';
import { createLogger, redact, type TikaLogger } from '#core/logging/index';
import { registerEnvSecrets } from '#core/logging/secrets';
import { exitOnStopSignals } from '#core/signals';

/** Generous but bounded: a hung flush must not keep a stopping bot alive forever (process managers send SIGKILL after ~10 s). */
const SHUTDOWN_DEADLINE_MS = 9_000;

async function main(): Promise<void> {
	loadDotEnv();
	const env = parseEnv(process.env, { requireToken: true });
	registerEnvSecrets(env);
	const config = loadConfig(resolve(env.configPath));
	const logger: TikaLogger = createLogger(config.logging, { secrets: [env.token ?? ''] });

	logger.info(`Starting ${config.bot.name} (${env.nodeEnv}) with database ${redactUrl(env.databaseUrl)}`);
	const instance = await startTika({ env, config, logger });
	exitOnStopSignals(() => instance.stop(), logger, { what: 'shutting down', deadlineMs: SHUTDOWN_DEADLINE_MS });
}

main().catch((error: unknown) => {
	// The logger may not exist yet (or may be what failed): this line goes to the console directly, redacted like every other.
	console.error(redact(`tika: ${describeStartupFailure(error)}`));
	process.exit(1);
});
