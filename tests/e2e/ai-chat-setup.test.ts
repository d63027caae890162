/**
 * ai_chat is off by default and cannot be turned on before the bot's operator has set it up: `/features enable
 * ai_chat` without a key or a server is refused with one line saying what to set, and nothing is stored.
 */
import { container } from '@sapphire/framework';
import type { InteractionHandle } from '../../src/playground/double';
import { OpenAIDouble } from '../support/openai-double';
import { startTestBot, type TestBot } from '../support/harness';

describe('ai_chat: setting it up', () => {
	let bot: TestBot;
	let ai: OpenAIDouble;

	const features = (subcommand: string) =>
		bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'features', subcommand, options: { feature: 'ai_chat' } });
	const descriptionOf = async (handle: InteractionHandle) => (await handle.reply()).embeds?.[0]?.description ?? '';
	const overrides = () => container.prisma.featureOverride.count({ where: { guildId: bot.guild.id, feature: 'ai_chat' } });

	beforeAll(async () => {
		delete process.env.AI_API_KEY;
		ai = await new OpenAIDouble().start();
		bot = await startTestBot();
	});
	afterAll(async () => {
		await bot?.stop();
		await ai?.stop();
		delete process.env.AI_API_KEY;
	});

	it('GIVEN a fresh install THEN ai_chat is off, and a mention of Tika asks no model', async () => {
		const list = await bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'features', subcommand: 'list' });
		expect(JSON.stringify((await list.reply()).embeds)).toMatch(/ai_chat/);
		expect(await container.features.isEnabled(bot.guild.id, 'ai_chat')).toBe(false);
		await bot.general.send(bot.alice, `<@${bot.double.bot.id}> hello?`);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(ai.requests).toEqual([]);
	});

	it('GIVEN no key, no base URL and no model WHEN the owner enables ai_chat THEN one line names all three, and it stays off', async () => {
		for (const subcommand of ['enable', 'toggle']) {
			const handle = await features(subcommand);
			expect(await handle.isEphemeral()).toBe(true);
			const [title, line, ...rest] = (await descriptionOf(handle)).split('\n');
			expect(title).toBe('**Could not change ai_chat.**');
			expect(rest).toEqual([]);
			expect(line).toBe(
				'AI chat is not set up on this bot: a bot owner must set AI_API_KEY in .env (any text for a local server that needs no key) and plugins.settings.ai_chat.base_url in config.yml (e.g. https://api.openai.com/v1) and plugins.settings.ai_chat.model in config.yml (e.g. gpt-4o-mini), then restart Tika.'
			);
		}
		expect(await overrides()).toBe(0);
		expect(await container.features.isEnabled(bot.guild.id, 'ai_chat')).toBe(false);
	});

	it('GIVEN the key is set but not the server THEN the refusal names only what is still missing', async () => {
		process.env.AI_API_KEY = 'sk-only-the-key';
		const text = await descriptionOf(await features('enable'));
		expect(text).not.toContain('AI_API_KEY');
		expect(text).toContain('plugins.settings.ai_chat.base_url');
		expect(text).toContain('plugins.settings.ai_chat.model');
		expect(await overrides()).toBe(0);
	});

	it('GIVEN ai_chat is off THEN /ai answers that the feature is disabled', async () => {
		const handle = await bot.double.slashCommand({ channel: bot.general, user: bot.owner, name: 'ai', subcommand: 'usage' });
		expect(JSON.stringify((await handle.reply()).embeds)).toMatch(/ai_chat/);
		expect(ai.requests).toEqual([]);
	});
});
