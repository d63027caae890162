/**
 * `npm run playground` as a person runs it: one process, one URL printed, a plugin folder of their own loaded with
 * hot reload, and Ctrl-C (SIGINT) stopping the page, Tika and the double, leaving no throwaway database behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PageGuild, Snapshot } from '../../src/playground/protocol';
import { copyPlugin, REPO_ROOT } from '../support/process';

const FIXTURE = resolve(__dirname, '../support/fixtures/plugins/fx_admin');

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeout = 20_000): Promise<T> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('npm run playground, as a process', () => {
	it('GIVEN --plugins pointing at a plugin folder THEN one URL is printed, the plugin answers on the page, a saved change is live without a restart, and SIGINT stops everything cleanly', async () => {
		const copy = copyPlugin(FIXTURE, 'tika-playground-');
		const dataDir = join(copy.dir, 'data');
		const child = spawn(
			process.execPath,
			['--require', 'tsx/cjs', join(REPO_ROOT, 'src/playground/main.ts'), '--plugins', copy.pluginDir, '--verbose', '--data-dir', dataDir],
			{ cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)));
		try {
			const url = await until(() => /ready in [\d.]+ s.*: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1], `the URL in:\n${out}\n${err}`, 30_000);
			expect(out.match(/http:\/\//g)).toHaveLength(1);
			expect(out).toContain('hot reload on');

			const page = await fetch(url);
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('<title>Tika playground</title>');
			const state = (await (await fetch(`${url}api/state`)).json()) as Snapshot;
			const guild = state.guilds[0] as PageGuild;
			const general = guild.channels.find((channel) => channel.name === 'general')!;
			const owner = state.personas.find((persona) => persona.persona === 'owner')!.user;
			const commands = (await (await fetch(`${url}api/commands?guild=${guild.id}`)).json()) as { name: string }[];
			expect(commands.map((command) => command.name)).toEqual(expect.arrayContaining(['fx-admin-hello', 'ping']));

			const hello = async (): Promise<string[]> => {
				const post = await fetch(`${url}api/slash`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ userId: owner.id, channelId: general.id, name: 'fx-admin-hello' })
				});
				expect(await post.json()).toMatchObject({ responded: true });
				const snapshot = (await (await fetch(`${url}api/state`)).json()) as Snapshot;
				return snapshot.messages.filter((message) => message.author.id === state.bot.id).map((message) => message.content);
			};
			expect(await hello()).toContain('fx_admin says hello (v1)');

			// A plugin author saves a change (as safe editors do: a temporary file renamed over the original).
			const file = join(copy.pluginDir, 'commands', 'fxAdminHello.ts');
			const changed = readFileSync(file, 'utf8').replace('fx_admin says hello (v1)', 'fx_admin says hello (v2)');
			const reloads = () => out.split('reloaded fx-admin-hello piece').length - 1;
			await until(async () => {
				const temporary = join(copy.dir, `save-${Date.now()}.tmp`);
				writeFileSync(temporary, changed);
				renameSync(temporary, file);
				// The watcher starts right after login: the first save may come before it.
				const deadline = Date.now() + 2_000;
				while (reloads() === 0 && Date.now() < deadline) await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
				return reloads() > 0 ? true : undefined;
			}, `a reload of fx-admin-hello in:\n${out}`);
			expect(await hello()).toContain('fx_admin says hello (v2)');

			child.kill('SIGINT');
			expect(await exited).toBe(0);
			expect(out).toContain('SIGINT: stopping the playground');
			// The throwaway database (and its run folder) is gone; the log and the migrated template for the next run remain.
			expect(
				readdirSync(dataDir)
					.map((name) => name.replace(/^template-[0-9a-f]{16}\.db$/, 'template.db'))
					.sort()
			).toEqual(['template.db', 'tika.log']);
			expect(existsSync(join(dataDir, 'tika.log'))).toBe(true);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
			copy.remove();
		}
	}, 90_000);

	it('GIVEN --plugins pointing at a plugin whose folder also holds something that is not a plugin THEN it stops with one line saying what to do, and leaves nothing behind', async () => {
		const copy = copyPlugin(FIXTURE, 'tika-playground-');
		mkdirSync(join(copy.pluginsDir, 'notes'));
		const dataDir = join(copy.dir, 'data');
		try {
			const child = spawn(
				process.execPath,
				['--require', 'tsx/cjs', join(REPO_ROOT, 'src/playground/main.ts'), '--plugins', copy.pluginDir, '--data-dir', dataDir],
				{ cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] }
			);
			let err = '';
			child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
			const code = await new Promise<number | null>((resolvePromise) => child.on('exit', (exitCode) => resolvePromise(exitCode)));
			expect(code).toBe(1);
			expect(err.trim().split('\n')).toHaveLength(1);
			expect(err).toContain('also holds notes');
			expect(err).toContain('my-plugins/fx_admin');
			expect(readdirSync(dataDir).filter((name) => !name.startsWith('template-') && name !== 'tika.log')).toEqual([]);
		} finally {
			copy.remove();
		}
	}, 60_000);
});
