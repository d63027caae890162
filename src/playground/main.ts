/**
 * `npm run playground [-- --plugins ./my-plugin] [--port 3000] [--verbose] [--data-dir data/playground]`: try Tika in a
 * browser with no Discord application, token, config or network. Prints one URL; Ctrl-C stops the page, Tika and the
 * double.
 */
import { parseArgs } from 'node:util';
import { describeStartupFailure } from '#core/startup-failure';
import { startPlayground } from './playground';

const USAGE = `Usage: npm run playground -- [--plugins <folder>]... [--port <n>] [--data-dir <folder>] [--verbose]

Runs Tika against a local Discord double and prints the URL of a page to try it in a browser: no token, no config,
no network. --plugins loads your own plugin folder with hot reload; --port picks the page's port (default: any free);
--data-dir keeps the throwaway database there (default data/playground); --verbose shows Tika's log. Ctrl-C stops.`;

async function main(): Promise<void> {
	const started = performance.now();
	const { values } = parseArgs({
		options: {
			help: { type: 'boolean', short: 'h', default: false },
			plugins: { type: 'string', multiple: true },
			port: { type: 'string', default: '0' },
			'data-dir': { type: 'string' },
			verbose: { type: 'boolean', default: false }
		}
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number (got "${values.port}")`);
	const playground = await startPlayground({
		port,
		plugins: values.plugins ?? [],
		verbose: values.verbose,
		...(values['data-dir'] ? { dataDir: values['data-dir'] } : {})
	});

	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping the playground…\n`);
		// Bounded like the bot's own shutdown: a stuck flush must not keep the terminal forever.
		setTimeout(() => process.exit(1), 9_000).unref();
		playground
			.stop()
			.then(() => process.exit(0))
			.catch((error: unknown) => {
				console.error(`playground: ${describeStartupFailure(error)}`);
				process.exit(1);
			});
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	const plugins = values.plugins?.length ? ` with ${values.plugins.join(', ')} (hot reload on)` : '';
	process.stdout.write(
		`Tika playground ready in ${seconds} s${plugins}: ${playground.url}\n` + `Tika's log: ${playground.logFile} · Ctrl-C stops everything.\n`
	);
}

main().catch((error: unknown) => {
	console.error(`playground: ${describeStartupFailure(error)}`);
	process.exit(1);
});
