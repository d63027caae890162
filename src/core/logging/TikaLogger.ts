import { LogLevel } from '@sapphire/framework';
import { Logger, type LoggerOptions } from '@sapphire/plugin-logger';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { inspect, stripVTControlCharacters } from 'node:util';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { StartupError } from '#core/errors';
import { redact } from '#core/logging/redact';

export interface LogFileOptions {
	/** Absolute path of the active log file. */
	path: string;
	/** Rotate once the file reaches this many bytes. */
	maxSizeBytes: number;
	/** Rotated files kept (`bot.log.1` newest … `bot.log.<n>` oldest). */
	backupCount: number;
}

export interface TikaLoggerOptions extends LoggerOptions {
	/** Also write to stdout/stderr exactly as @sapphire/plugin-logger does (default true). */
	console?: boolean;
	/** The rotating log file; omitted or null for console only. */
	file?: LogFileOptions | null;
}

const FILE_LEVEL_NAMES: ReadonlyMap<LogLevel, string> = new Map([
	[LogLevel.Trace, 'TRACE'],
	[LogLevel.Debug, 'DEBUG'],
	[LogLevel.Info, 'INFO'],
	[LogLevel.Warn, 'WARN'],
	[LogLevel.Error, 'ERROR'],
	[LogLevel.Fatal, 'FATAL']
]);

/**
 * Sapphire's console logger plus a size-rotated log file. Both outputs pass through {@link redact}; the file gets
 * plain text (no colour codes) with one entry per line, `<ISO time> <LEVEL> <message>`, so it can be grepped and
 * tailed without a terminal.
 */
export class TikaLogger extends Logger {
	/** The rotating file stream, exposed so callers (and tests) can watch its `rotated`/`error` events. */
	public readonly fileStream: RotatingFileStream | null;
	public readonly filePath: string | null;
	private readonly consoleEnabled: boolean;
	private fileFailed = false;
	private closing: Promise<void> | null = null;

	public constructor(options: TikaLoggerOptions = {}) {
		super(options);
		this.consoleEnabled = options.console ?? true;
		this.filePath = options.file?.path ?? null;
		this.fileStream = options.file ? TikaLogger.openFile(options.file) : null;
		// A full disk or a deleted folder must not crash the bot: report once on the console and carry on without the file.
		this.fileStream?.on('error', (error) => {
			if (this.fileFailed) return;
			this.fileFailed = true;
			this.console.error(redact(`Log file ${this.filePath} failed, logging to the console only: ${error.message}`));
		});
		this.fileStream?.on('warning', (error) => this.console.warn(redact(`Log file ${this.filePath}: ${error.message}`)));
	}

	public override write(level: LogLevel, ...values: readonly unknown[]): void {
		if (!this.has(level)) return;
		if (this.consoleEnabled) super.write(level, ...values);
		if (this.fileStream && !this.fileFailed && !this.closing) this.fileStream.write(this.formatFileLine(level, values));
	}

	/** One file line: ISO timestamp, level, then the message with colours stripped, secrets redacted and newlines escaped. */
	public formatFileLine(level: LogLevel, values: readonly unknown[], now = new Date()): string {
		const text = values
			.map((value) => (typeof value === 'string' ? value : inspect(value, { colors: false, depth: this.depth })))
			.join(this.join);
		// Escaped rather than kept so every line is exactly one entry: a stack trace cannot be mistaken for new entries.
		const message = redact(stripVTControlCharacters(text)).replace(/\r?\n/g, '\\n');
		return `${now.toISOString()} ${(FILE_LEVEL_NAMES.get(level) ?? 'LOG').padEnd(5)} ${message}\n`;
	}

	/** Flushes and closes the log file; safe to call more than once. Later entries go to the console only. */
	public close(): Promise<void> {
		const stream = this.fileStream;
		this.closing ??=
			!stream || stream.destroyed || stream.writableFinished
				? Promise.resolve()
				: new Promise<void>((resolve) => {
						// Resolves on error too: shutdown must finish even if the last flush cannot.
						stream.once('error', () => resolve());
						stream.end(() => resolve());
					});
		return this.closing;
	}

	/** Redacts the console output as well; the plugin's own formatting (colours, timestamp) is kept. */
	protected override preprocess(values: readonly unknown[]): string {
		return redact(super.preprocess(values));
	}

	private static openFile({ path, maxSizeBytes, backupCount }: LogFileOptions): RotatingFileStream {
		// The stream opens the file asynchronously; checking here turns a bad path into a start-up error, not a later event.
		try {
			mkdirSync(dirname(path), { recursive: true });
			closeSync(openSync(path, 'a'));
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
			throw new StartupError(`Cannot write log file ${path} (${code})`, 'Change logging.file in config.yml or fix the folder permissions', {
				cause: error
			});
		}
		// Classic numbered rotation (bot.log → bot.log.1 → … → bot.log.<backupCount>, the oldest dropped), the layout
		// Python's RotatingFileHandler uses for the seed's `backup_count`; rotating-file-stream's `rotate` option does
		// exactly this and needs no history file, unlike its timestamped `maxFiles` mode.
		return createStream(basename(path), {
			path: dirname(path) + sep,
			size: `${maxSizeBytes}B`,
			rotate: backupCount,
			encoding: 'utf8'
		});
	}
}
