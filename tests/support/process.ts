/**
 * Runs Tika as a real child process (`node --require tsx/cjs src/index.ts`, the same entry point as
 * production), for what only a process can show: exit codes, the one-line start-up errors, signals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { APIEmbed } from 'discord.js';
import type { ChannelHandle, DiscordDouble, OptionValue, UserHandle } from '../../src/playground/double';

export const REPO_ROOT = resolve(__dirname, '../..');

export interface BotProcess {
	child: ChildProcess;
	stdout: () => string;
	stderr: () => string;
	/** Resolves with the exit code (or the signal name) once the process has ended. */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** Resolves when stdout has printed text matching `pattern`. */
	waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
	cwd?: string;
	/** The entry point under src/ (default `index.ts`; `shard.ts` runs the ShardingManager). */
	script?: string;
	/** A compiled entry point (`<build>/dist/index.js`), run by plain node instead of a source one through tsx. */
	compiled?: string;
	/** Node options before the script (a `--require` probe). */
	nodeArgs?: string[];
}

export function spawnBot(env: Record<string, string>, options: SpawnOptions = {}): BotProcess {
	const script = options.compiled ?? resolve(REPO_ROOT, 'src', options.script ?? 'index.ts');
	const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...(options.compiled ? [] : ['--require', 'tsx/cjs']), script], {
		cwd: options.cwd ?? REPO_ROOT,
		// A clean environment: nothing from the developer's shell or a stray .env leaks into the run.
		env: {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '/tmp',
			NODE_ENV: 'production',
			TIKA_CONFIG: resolve(REPO_ROOT, 'config.yml'),
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	let err = '';
	const watchers: { pattern: RegExp; resolve: () => void }[] = [];
	child.stdout!.on('data', (chunk: Buffer) => {
		out += chunk.toString();
		for (const watcher of [...watchers]) {
			if (watcher.pattern.test(out)) {
				watchers.splice(watchers.indexOf(watcher), 1);
				watcher.resolve();
			}
		}
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) =>
		child.on('exit', (code, signal) => resolvePromise({ code, signal }))
	);
	return {
		child,
		stdout: () => out,
		stderr: () => err,
		exited,
		waitForOutput(pattern, timeoutMs = 60_000) {
			if (pattern.test(out)) return Promise.resolve();
			return new Promise<void>((resolvePromise, reject) => {
				const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern} in bot output:\n${out}\n${err}`)), timeoutMs);
				watchers.push({
					pattern,
					resolve: () => {
						clearTimeout(timer);
						resolvePromise();
					}
				});
				void exited.then(() => {
					clearTimeout(timer);
					reject(new Error(`Bot exited before printing ${pattern}:\n${out}\n${err}`));
				});
			});
		}
	};
}

/** A temporary folder holding a copy of one plugin, for tests that change its files under a running bot. */
export interface PluginCopy {
	dir: string;
	/** `<dir>/plugins`: what TIKA_PLUGIN_PATHS should name. */
	pluginsDir: string;
	/** `<dir>/plugins/<name>`: the copied plugin folder. */
	pluginDir: string;
	/** A SQLite database URL inside the folder. */
	databaseUrl: string;
	remove(): void;
}

/**
 * Copies the plugin folder `fixture` to `<tmp>/plugins/<name>`. The copied plugin imports @sapphire/framework; node finds
 * it through a node_modules link, resolved to the very same files the bot uses, so the pieces extend the bot's own classes.
 */
export function copyPlugin(fixture: string, prefix: string): PluginCopy {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
	const pluginDir = join(dir, 'plugins', basename(fixture));
	cpSync(fixture, pluginDir, { recursive: true });
	return {
		dir,
		pluginsDir: join(dir, 'plugins'),
		pluginDir,
		databaseUrl: `file:${join(dir, 'tika.db')}`,
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

/** The child environment for Tika against `double` and the database at `databaseUrl`, plus `extra`. */
export function botEnv(double: DiscordDouble, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
	return { DISCORD_TOKEN: double.token, DISCORD_API_URL: double.apiUrl, DATABASE_URL: databaseUrl, ...extra };
}

/**
 * Spawns Tika with `env` and resolves once it is ready and has registered its slash commands with `double` (whose
 * recorded requests are cleared first, so a test sees only this run's).
 */
export async function startBotProcess(
	double: DiscordDouble,
	env: Record<string, string>,
	timeoutMs = 60_000,
	options: SpawnOptions = {}
): Promise<BotProcess> {
	double.clearRequests();
	const bot = spawnBot(env, options);
	await bot.waitForOutput(/Ready as /, timeoutMs);
	await double.waitForRequest({ method: 'PUT', path: '/applications/:id/commands' }, { timeout: timeoutMs });
	return bot;
}

/** Sends `signal` to a bot that is still running and resolves with how it exited (at once if it already had). */
export function stopBotProcess(bot: BotProcess, signal: NodeJS.Signals = 'SIGTERM'): BotProcess['exited'] {
	if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill(signal);
	return bot.exited;
}

/** An embed's title, description and fields, one per line: what a test reads of a reply. */
export function embedText(embed: APIEmbed | undefined): string {
	if (!embed) return '';
	return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');
}

/** Runs a slash command as `user` in `channel` and returns the reply, with the text of its first embed. */
export function slashCommandRunner(double: DiscordDouble, channel: ChannelHandle, user: UserHandle) {
	return async (name: string, subcommand?: string, options?: Record<string, OptionValue>) => {
		const handle = await double.slashCommand({ channel, user, name, ...(subcommand ? { subcommand } : {}), ...(options ? { options } : {}) });
		const reply = await handle.reply();
		return { reply, text: embedText(reply.embeds?.[0]) };
	};
}

/** The names in the last bulk registration of slash commands (PUT /applications/:id/commands) `double` received. */
export function lastRegisteredCommands(double: DiscordDouble): string[] {
	return (double.requestsTo('PUT', '/applications/:id/commands').at(-1)!.body as { name: string }[]).map((command) => command.name);
}
