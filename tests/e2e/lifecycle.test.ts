import { container } from '@sapphire/framework';
import type { APIEmbed } from 'discord.js';
import { resolve } from 'node:path';
import { getPersonality } from '#shared/personality/default';
import type { ResponseCategory, Tier } from '#shared/personality/types';
import { FX_LIFE_BOOM_MESSAGE } from '../support/fixtures/plugins/fx_life/commands/fxLifeBoom';
import type { InteractionHandle, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

const FIXTURES = resolve(__dirname, '../support/fixtures/plugins');
const EPHEMERAL = 1 << 6;

/** Which personality table a rendered line came from (placeholders match anything), or null if none. */
function tierOf(category: ResponseCategory, text: string): Tier | 'plain' | null {
	const personality = getPersonality();
	for (const tier of ['plain', 'base', 'repeated', 'frustrated'] as const) {
		for (const line of personality.lines(category, tier)) {
			const pattern = new RegExp(
				`^${line
					.split(/\{[a-z_]+\}/)
					.map(escapeRegExp)
					.join('.+')}$`
			);
			if (pattern.test(text)) return tier;
		}
	}
	return null;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The personality line of an error embed: its title without the ❌. */
function headline(embed: APIEmbed): string {
	return embed.title!.replace(/^❌ /, '');
}

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('Command lifecycle: denials, errors, frustration, sass level and stats', () => {
	let bot: TestBot;
	let carol: UserHandle;

	beforeAll(async () => {
		bot = await startTestBot({ pluginPaths: [FIXTURES] });
		carol = bot.double.createUser({ username: 'carol' });
		bot.guild.addMember(carol);
	});
	afterAll(async () => {
		// Stopping also stops the cooldown sweep timer /fxlifecooldown started (cooldowns.test.ts).
		await bot?.stop();
	});

	const run = (user: UserHandle, name: string, extra: { subcommand?: string; options?: Record<string, string> } = {}) =>
		bot.double.slashCommand({ channel: bot.general, user, name, ...extra });
	const embedOf = async (handle: InteractionHandle) => (await handle.reply()).embeds![0]!;

	describe('unexpected errors', () => {
		it('GIVEN a command throws THEN the user privately gets an error id AND the log has the same id with the stack, command, user and guild', async () => {
			const boom = await run(bot.alice, 'fxlifeboom');
			const embed = await embedOf(boom);
			expect(await boom.isEphemeral()).toBe(true);
			const id = /Something broke on my side\. Error id `([0-9a-f]{8})`\./.exec(embed.description!)?.[1];
			expect(id).toBeDefined();
			// Plain members never see what broke.
			expect(JSON.stringify(embed)).not.toContain(FX_LIFE_BOOM_MESSAGE);

			await until(() => bot.logs.some((line) => line.includes(`[error ${id}]`)), 'the error log line');
			const entry = bot.logs.find((line) => line.includes(`[error ${id}]`))!;
			expect(entry).toContain('/fxlifeboom');
			expect(entry).toContain(`user ${bot.alice.id}`);
			expect(entry).toContain(`guild ${bot.guild.id}`);
			expect(entry).toContain(FX_LIFE_BOOM_MESSAGE);
			expect(entry).toMatch(/\n.*\bat .+fxLifeBoom\.ts:\d+/);
		});

		it('GIVEN a bot owner hits the same error THEN their private reply also says what broke (but not the stack)', async () => {
			const embed = await embedOf(await run(bot.owner, 'fxlifeboom'));
			expect(embed.description).toMatch(/Error id `[0-9a-f]{8}`/);
			expect(embed.description).toContain(`Error: ${FX_LIFE_BOOM_MESSAGE}`);
			expect(embed.description).not.toMatch(/\n\s+at /);
		});

		it('GIVEN a command deferred and then threw THEN its "thinking…" reply is edited, with no second callback and no follow-up', async () => {
			const handle = await run(bot.alice, 'fxlifedeferboom');
			const embed = await embedOf(handle);
			expect(await handle.wasDeferred()).toBe(true);
			expect(embed.description).toMatch(/Error id `[0-9a-f]{8}`/);
			const mine = bot.double.requests.filter((request) => request.path.includes(handle.token) || request.path.includes(handle.id));
			expect(mine.filter((request) => request.method === 'POST' && request.path.endsWith('/callback'))).toHaveLength(1);
			expect(mine.some((request) => request.method === 'PATCH' && /(@original|%40original)$/.test(request.path))).toBe(true);
			expect(handle.followUps()).toHaveLength(0);
		});

		it('GIVEN a prefix command throws THEN the reply in the channel carries an error id', async () => {
			await bot.general.send(bot.alice, '!tika fxlifeboom');
			const reply = await bot.double.waitForMessage({ channel: bot.general, where: (message) => Boolean(message.embeds?.length) });
			expect(reply.embeds![0]!.description).toMatch(/Error id `[0-9a-f]{8}`/);
		});
	});

	describe('denials', () => {
		it('GIVEN a command with a one-use cooldown runs twice THEN the second time says when it can be used again', async () => {
			expect((await (await run(bot.alice, 'fxlifecooldown')).reply()).content).toBe('cooled');
			const again = await run(bot.alice, 'fxlifecooldown');
			const embed = await embedOf(again);
			expect(await again.isEphemeral()).toBe(true);
			expect(embed.description).toMatch(/You can use `\/fxlifecooldown` again in (59|60) seconds\./);
			expect(tierOf('cooldown', headline(embed))).not.toBeNull();
		});

		it('GIVEN the bot lacks Manage Roles THEN a command needing it names the missing permission', async () => {
			const embed = await embedOf(await run(bot.alice, 'fxliferoles'));
			expect(embed.description).toContain('I need Manage Roles to do that.');
			expect(tierOf('bot_permission', headline(embed))).not.toBeNull();
		});

		it('GIVEN alice cannot ban THEN a command needing Ban Members names the permission she lacks', async () => {
			const embed = await embedOf(await run(bot.alice, 'fxlifeban'));
			expect(embed.description).toContain('You need Ban Members to use `/fxlifeban`.');
			expect(tierOf('permission', headline(embed))).not.toBeNull();
		});

		it('GIVEN the same refusal by prefix THEN the reply names the prefix form', async () => {
			await bot.general.send(bot.alice, '!tika fxlifeban');
			const reply = await bot.double.waitForMessage({ channel: bot.general, where: (message) => Boolean(message.embeds?.length) });
			expect(reply.embeds![0]!.description).toContain('You need Ban Members to use `!tika fxlifeban`.');
		});

		it('GIVEN a prefix command is missing an argument or given a bad one THEN Tika blames the input, not herself', async () => {
			await bot.general.send(bot.alice, '!tika fxlifeok');
			const missing = await bot.double.waitForMessage({ channel: bot.general, where: (message) => Boolean(message.embeds?.length) });
			expect(missing.embeds![0]!.description).toContain('`!tika fxlifeok` needs more than that.');
			expect(tierOf('user_fault', headline(missing.embeds![0]!))).not.toBeNull();

			await bot.general.send(bot.alice, '!tika fxlifeok twelve');
			const bad = await bot.double.waitForMessage({ channel: bot.general, where: (message) => Boolean(message.embeds?.length) });
			expect(bad.embeds![0]!.description).toContain("`twelve` doesn't work there");
			expect(bad.embeds![0]!.description).not.toMatch(/Error id/);
		});

		it('GIVEN a feature is disabled THEN members get the Feature Disabled embed AND managers are told the exact command', async () => {
			const member = await embedOf(await run(bot.alice, 'fxlifeoff'));
			expect(member.title).toBe('Feature Disabled');
			expect(member.description).toContain('An admin can enable it using `/features toggle`.');
			const manager = await embedOf(await run(bot.owner, 'fxlifeoff'));
			expect(manager.description).toContain('You can enable it using `/features toggle fx_life_off`.');
		});

		it('GIVEN a precondition denies silently THEN Tika says nothing at all', async () => {
			const handle = await run(bot.alice, 'fxlifesilent');
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(handle.responseType).toBeUndefined();
		});
	});

	describe('frustration', () => {
		it('GIVEN carol keeps running a failing command THEN the replies escalate from base to frustrated', async () => {
			const tiers: (Tier | 'plain' | null)[] = [];
			for (let attempt = 0; attempt < 5; attempt++)
				tiers.push(tierOf('unknown_error', headline(await embedOf(await run(carol, 'fxlifeboom')))));
			expect(tiers[0]).toBe('base');
			expect(tiers).toContain('repeated');
			expect(tiers.at(-1)).toBe('frustrated');
		});
	});

	describe('/settings', () => {
		it('GIVEN alice lacks Manage Server THEN /settings refuses her and names the permission', async () => {
			const embed = await embedOf(await run(bot.alice, 'settings', { subcommand: 'view' }));
			expect(embed.description).toContain('You need Manage Server to use `/settings`.');
		});

		it('GIVEN a new server THEN /settings view shows the full sass level and that nothing changed yet', async () => {
			const handle = await run(bot.owner, 'settings', { subcommand: 'view' });
			const embed = await embedOf(handle);
			expect(await handle.isEphemeral()).toBe(true);
			expect(embed.description).toContain('**Sass level**: full');
			expect(embed.description).toContain('these are the defaults');
		});

		it('GIVEN the owner sets sass off THEN the same denial turns into the plain polite line, and view shows it', async () => {
			const before = await embedOf(await run(bot.alice, 'fxliferoles'));
			expect(tierOf('bot_permission', headline(before))).not.toBe('plain');

			const set = await embedOf(await run(bot.owner, 'settings', { subcommand: 'sass', options: { level: 'off' } }));
			expect(set.title).toContain('Sass level set to off');

			const after = await embedOf(await run(bot.alice, 'fxliferoles'));
			expect(tierOf('bot_permission', headline(after))).toBe('plain');
			expect(after.description).toContain('I need Manage Roles to do that.');
			// Plain replies ignore frustration too: carol, who is fed up by now, gets the polite line as well.
			expect(tierOf('unknown_error', headline(await embedOf(await run(carol, 'fxlifeboom'))))).toBe('plain');

			expect((await embedOf(await run(bot.owner, 'settings', { subcommand: 'view' }))).description).toContain('**Sass level**: off');
			await embedOf(await run(bot.owner, 'settings', { subcommand: 'sass', options: { level: 'full' } }));
		});

		it('GIVEN the owner writes "!tika settings sass loud" THEN the bad level is reported as their mistake', async () => {
			await bot.general.send(bot.owner, '!tika settings sass loud');
			const reply = await bot.double.waitForMessage({ channel: bot.general, where: (message) => Boolean(message.embeds?.length) });
			expect(tierOf('user_fault', headline(reply.embeds![0]!))).not.toBeNull();
		});
	});

	describe('/stats', () => {
		const served = (embed: APIEmbed) => Number(embed.fields!.find((field) => field.name === 'Commands served')!.value.replace(/,/g, ''));

		it('GIVEN alice runs /stats THEN she gets the short public card, and its count follows the commands run', async () => {
			const first = await run(bot.alice, 'stats');
			const card = await embedOf(first);
			expect(await first.isEphemeral()).toBe(false);
			expect(card.fields!.map((field) => field.name)).toEqual(['Uptime', 'Servers', 'Ping', 'Commands served']);
			const start = served(card);
			expect(start).toBe(container.stats.totals().runs);

			for (let i = 0; i < 3; i++) expect((await (await run(bot.bob, 'fxlifeok')).reply()).content).toBe('ok');
			// The count is taken when a run finishes, just after its reply went out.
			await until(() => container.stats.totals().runs === start + 4, 'the runs to be counted');
			expect(served(await embedOf(await run(bot.alice, 'stats')))).toBe(start + 4);
		});

		it('GIVEN the owner runs /stats THEN they privately get the operator view with latency, handlers, caches and the scheduler', async () => {
			// A task that failed for good (the scheduler's dead letter) and one waiting for a plugin that is not loaded.
			const at = new Date(Date.now() + 3_600_000);
			await container.prisma.scheduledTask.createMany({
				data: [
					{ kind: 'gone', runAt: at, dueAt: at, payload: {}, status: 'dead', attempts: 5, lastError: 'Error: boom' },
					{ kind: 'later', runAt: at, dueAt: at, payload: {} }
				]
			});
			const handle = await run(bot.owner, 'stats');
			const embed = await embedOf(handle);
			expect(await handle.isEphemeral()).toBe(true);
			expect(embed.title).toContain('operator view');
			const field = (name: string) => embed.fields!.find((candidate) => candidate.name.startsWith(name))!.value;
			expect(field('Memory')).toMatch(/RSS \d+\.\d MiB/);
			expect(field('Reach')).toContain('1 servers');
			expect(field('Commands')).toMatch(/\d+ served\n\d+ failed\n\d+ refused/);
			expect(field('Top commands')).toMatch(/`fxlifeboom` ×\d+ \(\d+ failed\) · latency n\/a/);
			// 3 runs by bob plus the prefix runs whose argument was missing or bad (those count as failed runs).
			expect(field('Top commands')).toMatch(/`fxlifeok` ×5 \(2 failed\) · mean \d+(\.\d)? ms · p95 \d+(\.\d)? ms/);
			expect(field('Caches')).toContain('**Data**');
			expect(field('Caches')).toContain('**Settings**');
			expect(field('Database')).toMatch(/sqlite|postgresql/);
			expect(embed.fields!.some((candidate) => candidate.name === 'Message handlers')).toBe(true);
			expect(field('Scheduled tasks')).toMatch(
				/^1 pending · 0 running · \*\*1 dead\*\* \(see the log\)\n\d+ run here \(\d+ failed\) · lag p50/
			);
		});

		it('GIVEN alice writes "!tika stats" THEN the public card is posted in the channel', async () => {
			await bot.general.send(bot.alice, '!tika stats');
			const reply = await bot.double.waitForMessage({ channel: bot.general, where: (message) => Boolean(message.embeds?.length) });
			expect(reply.embeds![0]!.fields!.map((field) => field.name)).toContain('Commands served');
			expect((reply.flags ?? 0) & EPHEMERAL).toBe(0);
		});
	});

	it('never answered an interaction twice nor hit an unknown route', () => {
		expect(bot.double.errors.filter((error) => JSON.stringify(error).includes('40060'))).toEqual([]);
		expect(bot.double.unknownRoutes()).toEqual([]);
	});
});
