import type { LoggingConfig } from '#core/config/schema';
import { registerSecret } from '#core/logging/redact';
import { TikaLogger, type TikaLoggerOptions } from '#core/logging/TikaLogger';
import { perProcessLogFile } from '#core/sharding/shards';

export { clearRegisteredSecrets, redact, registerSecret } from '#core/logging/redact';
export { TikaLogger, type LogFileOptions, type TikaLoggerOptions } from '#core/logging/TikaLogger';

export interface CreateLoggerOptions extends Pick<TikaLoggerOptions, 'stdout' | 'stderr' | 'format' | 'defaultFormat' | 'depth' | 'join'> {
	/** Write to the console as well (default true). */
	console?: boolean;
	/** Write the rotating log file from `logging.file` (default true); benchmarks and some tests turn it off. */
	file?: boolean;
	/** Values that must never be logged, e.g. the token; same as calling registerSecret for each. */
	secrets?: readonly (string | undefined)[];
}

/**
 * The logger the client hands to Sapphire (`logger: { instance }`), configured from config.yml's `logging` section.
 * Call `close()` on shutdown so the last lines reach the file.
 */
export function createLogger(logging: LoggingConfig, options: CreateLoggerOptions = {}): TikaLogger {
	const { console = true, file = true, secrets = [], ...loggerOptions } = options;
	for (const secret of secrets) registerSecret(secret);
	return new TikaLogger({
		...loggerOptions,
		level: logging.level,
		console,
		file: file ? { path: perProcessLogFile(logging.file), maxSizeBytes: logging.maxSizeBytes, backupCount: logging.backupCount } : null
	});
}
