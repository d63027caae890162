import type { TikaLogger } from '#core/logging/index';

export interface StopSignalOptions {
	/** What is stopping, for the log line (`shutting down`, `stopping every shard`). */
	what: string;
	/** Exit 1 if stopping takes longer than this (a hung flush must not keep the process alive forever). */
	deadlineMs: number;
}

/**
 * SIGINT/SIGTERM (once): runs `stop`, closes the logger, exits 0, or 1 if `stop` failed or passed the deadline. Used by
 * the bot's entry point (src/index.ts) and the shard manager's (src/shard.ts).
 */
export function exitOnStopSignals(stop: () => Promise<void>, logger: TikaLogger, { what, deadlineMs }: StopSignalOptions): void {
	let signalled = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (signalled) return;
		signalled = true;
		logger.info(`${signal} received: ${what}.`);
		const deadline = setTimeout(() => {
			logger.error(`Shutdown took longer than ${deadlineMs} ms; exiting anyway.`);
			process.exit(1);
		}, deadlineMs);
		deadline.unref();
		stop()
			.then(async () => {
				logger.info('Goodbye.');
				await logger.close();
				process.exit(0);
			})
			.catch(async (error: unknown) => {
				logger.error('Shutdown failed:', error);
				await logger.close();
				process.exit(1);
			});
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
}
