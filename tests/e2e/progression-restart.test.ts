/**
 * XP is buffered in memory; a clean shutdown (SIGTERM) must flush it. Tika runs as a real process here, as in
 * plugins-process.test.ts, because a second client in one jest process never becomes ready.
 */
import type { APIEmbed } from 'discord.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordDouble, type ChannelHandle, type OptionValue, type UserHandle } from '../../src/playground/double';
import { botEnv, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

function textOf(embed: APIEmbed | undefined): string {
	if (!embed) return '';
	return [embed.title, embed.description, embed.footer?.text].filter(Boolean).join('\n');
}

describe('progression across a restart', () => {
	let dir: string;
	let double: DiscordDouble;
	let owner: UserHandle;
	let alice: UserHandle;
	let general: ChannelHandle;
	let env: Record<string, string>;
	let bot: BotProcess | null = null;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'tika-xp-'));
		double = await new DiscordDouble().start();
		owner = double.createUser({ username: 'owner' });
		alice = double.createUser({ username: 'alice' });
		const guild = double.createGuild({ name: 'XP Restart', ownerId: owner });
		guild.addMember(alice);
		general = guild.createChannel('general');
		env = botEnv(double, `file:${join(dir, 'tika.db')}`, { BOT_OWNERS: owner.id });
	});

	afterAll(async () => {
		if (bot) await stopBotProcess(bot);
		await double?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	async function run(
		user: UserHandle,
		name: string,
		extra: { subcommandGroup?: string; subcommand?: string; options?: Record<string, OptionValue> } = {}
	) {
		const handle = await double.slashCommand({ channel: general, user, name, ...extra });
		return textOf((await handle.reply()).embeds?.[0]);
	}

	it('GIVEN alice earned XP seconds before a SIGTERM WHEN Tika restarts THEN her XP is still there', async () => {
		bot = await startBotProcess(double, env);
		for (const [option, value] of [
			['xp-max', '100'],
			['xp-min', '100']
		]) {
			await run(owner, 'levels', { subcommandGroup: 'config', subcommand: 'set', options: { option: option!, value: value! } });
		}
		await double.sendMessage({ channel: general, author: alice, content: 'hello before the restart' });
		// The level-up announcement proves the message was counted (100 XP = level 1); it is still only in memory.
		await double.waitForMessage({ channel: general, where: (message) => message.content.includes(`<@${alice.id}>`) });
		expect((await stopBotProcess(bot)).code).toBe(0);

		bot = await startBotProcess(double, env);
		const board = await run(alice, 'leaderboard');
		expect(board).toContain(`<@${alice.id}> — level 1 · 100 XP`);
		expect(board).toContain('You are #1 with 100 XP');
	}, 180_000);
});
