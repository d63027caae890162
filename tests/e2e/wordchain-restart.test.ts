/**
 * A word chain survives a restart: Tika runs as a real process (SIGTERM, then a fresh start on the same database), and
 * the next word must follow the word persisted before the restart; words played before it still count as repeats.
 */
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { botEnv, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

// Real processes: a start-up on a loaded CI machine can take longer than jest's default 30 s.
jest.setTimeout(120_000);

function text(embed: APIEmbed | undefined): string {
	if (!embed) return '';
	return [embed.title, embed.description].filter(Boolean).join('\n');
}

describe('word chain across a restart', () => {
	let database: TestDatabase;
	let double: DiscordDouble;
	let owner: UserHandle;
	let alice: UserHandle;
	let bob: UserHandle;
	let general: ChannelHandle;
	let env: Record<string, string>;
	let bot: BotProcess | null = null;

	beforeAll(async () => {
		database = await createTestDatabase();
		double = await new DiscordDouble().start();
		owner = double.createUser({ username: 'owner' });
		alice = double.createUser({ username: 'alice' });
		bob = double.createUser({ username: 'bob' });
		const guild = double.createGuild({ name: 'Chain Town', ownerId: owner });
		guild.addMember(alice);
		guild.addMember(bob);
		general = guild.createChannel('general');
		env = botEnv(double, database.url, { BOT_OWNERS: owner.id });
	});

	afterAll(async () => {
		if (bot) await stopBotProcess(bot);
		await double?.stop();
		await database?.cleanup();
	});

	async function valid(user: UserHandle, word: string): Promise<APIMessage> {
		const sent = await general.send(user, word);
		const put = await double.waitForRequest((request) => request.method === 'PUT' && request.path.includes(`/messages/${sent.id}/reactions/`), {
			timeout: 15_000
		});
		expect(decodeURIComponent(put.path)).toContain('/reactions/✅/@me');
		return sent;
	}

	async function invalid(user: UserHandle, word: string): Promise<string> {
		const sent = await general.send(user, word);
		const reply = await double.waitForMessage(
			{ channel: general, where: (message) => message.message_reference?.message_id === sent.id },
			{ timeout: 15_000 }
		);
		return reply.content;
	}

	it('GIVEN a chain with words played WHEN Tika is stopped with SIGTERM and started again THEN the chain continues from the persisted last word', async () => {
		bot = await startBotProcess(double, env);
		const begin = await double.slashCommand({ channel: general, user: owner, name: 'wordchain', subcommand: 'start' });
		expect(text((await begin.reply({ timeout: 15_000 })).embeds[0])).toContain('Word chain started');
		await valid(alice, 'apple');
		await valid(bob, 'egg');

		expect((await stopBotProcess(bot)).code).toBe(0);
		bot = await startBotProcess(double, env);

		// Same player twice is remembered, the next letter is G (after "egg"), and "apple" is still a repeat.
		expect(await invalid(bob, 'giraffe')).toContain('you played the last word too');
		expect(await invalid(alice, 'elephant')).toContain('has to start with **G**');
		await valid(alice, 'giraffe');
		expect(await invalid(bob, 'egg')).toContain('**egg** was already played');

		const status = await double.slashCommand({ channel: general, user: bob, name: 'wordchain', subcommand: 'status' });
		const shown = text((await status.reply({ timeout: 15_000 })).embeds[0]);
		expect(shown).toContain('Last word: **giraffe**');
		expect(shown).toContain('Chain length: **3**');

		expect((await stopBotProcess(bot)).code).toBe(0);
	});
});
