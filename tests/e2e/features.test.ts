import { container } from '@sapphire/framework';
import type { APIEmbed, APIMessage } from 'discord.js';
import { resolve } from 'node:path';
import { FeatureGatedInteractionHandlerStore } from '#core/features/FeatureGatedInteractionHandlerStore';
import type { UserHandle } from '../../src/playground/double';
import { FX_SETUP_REASON } from '../support/fixtures/plugins/fx_setup/plugin';
import { startTestBot, type TestBot } from '../support/harness';

const FIXTURES = resolve(__dirname, '../support/fixtures/plugins');

/** Long enough for a reply that is going to come to have reached the double; used only to assert that none did. */
const QUIET_MS = 400;

describe('/features: per-guild feature toggles through Discord', () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({
			pluginPaths: [FIXTURES],
			// fx_setup is off by its manifest too; listing it in config.yml shows the "config.yml default" source.
			config: (config) => void (config.features.defaultDisabled = [...config.features.defaultDisabled, 'fx_setup'])
		});
	});
	afterAll(async () => {
		await bot?.stop();
	});

	const features = (user: UserHandle, subcommand: string, feature?: string) =>
		bot.double.slashCommand({
			channel: bot.general,
			user,
			name: 'features',
			subcommand,
			...(feature === undefined ? {} : { options: { feature } })
		});

	const overrides = () =>
		bot.instance.database.prisma.featureOverride.findMany({
			where: { guildId: bot.guild.id },
			select: { feature: true, enabled: true, updatedBy: true },
			orderBy: { feature: 'asc' }
		});

	const embedOf = async (handle: { reply(): Promise<APIMessage> }): Promise<APIEmbed> => (await handle.reply()).embeds![0]!;

	const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

	/** The reply to /fxtoggle while on: its content, and the message carrying the fixture's button. */
	const runFixtureCommand = (user: UserHandle) => bot.double.slashCommand({ channel: bot.general, user, name: 'fxtoggle' });

	const triggerStats = () => container.router.stats().find((handler) => handler.name === 'fxToggleTrigger')!;

	let buttonMessage: APIMessage;
	let reactionTarget: APIMessage;

	it('replaces Sapphire interaction handler store with the feature-gated one', () => {
		expect(container.stores.get('interaction-handlers')).toBeInstanceOf(FeatureGatedInteractionHandlerStore);
	});

	it('registers /features for Manage Server only, in guilds only', () => {
		const command = bot.double.commands().find((entry) => entry.name === 'features')!;
		expect(command.default_member_permissions).toBe(String(1 << 5));
		expect(command.contexts).toEqual([0]);
		expect(command.options!.map((option) => option.name)).toEqual(['list', 'toggle', 'enable', 'disable', 'reset']);
	});

	it('GIVEN fx_toggle is on by default THEN its command, button, message handler and listener all work', async () => {
		const command = await runFixtureCommand(bot.alice);
		buttonMessage = await command.reply();
		expect(buttonMessage.content).toBe('fx_toggle is here');

		const press = await bot.double.clickButton({ message: buttonMessage, customId: 'fxtoggle:press', user: bot.alice });
		expect((await press.reply()).content).toBe('fx_toggle button pressed by alice');

		await bot.general.send(bot.alice, 'fxtrigger');
		expect((await bot.double.waitForMessage({ channel: bot.general })).content).toBe('fx_toggle heard the trigger');

		reactionTarget = await bot.general.send(bot.bob, 'react to me');
		await bot.double.react({ message: reactionTarget, user: bot.bob, emoji: '🧪' });
		expect((await bot.double.waitForMessage({ channel: bot.general })).content).toBe('fx_toggle saw the reaction');
	});

	it('GIVEN the owner runs /features list THEN each feature shows its state and where it comes from, privately', async () => {
		const list = await features(bot.owner, 'list');
		const embed = await embedOf(list);
		expect(await list.isEphemeral()).toBe(true);
		expect(embed.title).toContain('Features in Tika Test');
		expect(embed.description).toContain('**fx_toggle** · 🟢 on · plugin default');
		expect(embed.description).toContain('**fx_setup** · 🔴 off · config.yml default');
		expect(embed.description).toContain('**bot_admin** · 🟢 on · always on');

		// More features than fit on a page: the rest (core among them) are one "next" press away.
		const first = await list.reply();
		const next = (first.components ?? [])
			.flatMap((row) => (row as { components?: { custom_id?: string }[] }).components ?? [])
			.map((button) => button.custom_id ?? '')
			.find((id) => id.includes('next'));
		expect(next).toBeDefined();
		await new Promise((resolve) => setTimeout(resolve, 100)); // the paginator's collector attaches after the reply
		const page = await (await bot.double.clickButton({ message: first, customId: next!, user: bot.owner })).reply();
		expect(page.embeds[0]!.description).toContain('**core** · 🟢 on · always on');
	});

	it('GIVEN the owner types "fx" in the feature option THEN autocomplete suggests the matching features with their state', async () => {
		const auto = await bot.double.autocomplete({
			channel: bot.general,
			user: bot.owner,
			name: 'features',
			subcommand: 'disable',
			options: { feature: 'fx' },
			focused: 'feature'
		});
		const choices = await auto.choices();
		// Other fixture plugins may share the fx_ prefix; ours must be there with their state, and nothing unrelated.
		expect(choices).toEqual(
			expect.arrayContaining([
				{ name: 'fx_setup (off)', value: 'fx_setup' },
				{ name: 'fx_toggle (on)', value: 'fx_toggle' }
			])
		);
		expect(choices.every((choice) => String(choice.value).includes('fx'))).toBe(true);
	});

	it('GIVEN an empty feature option THEN autocomplete lists toggleable features before the always-on ones', async () => {
		const auto = await bot.double.autocomplete({
			channel: bot.general,
			user: bot.owner,
			name: 'features',
			subcommand: 'toggle',
			options: { feature: '' },
			focused: 'feature'
		});
		const names = (await auto.choices()).map((choice) => choice.value);
		expect(names.indexOf('fx_toggle')).toBeLessThan(names.indexOf('bot_admin'));
		expect(names.indexOf('fx_toggle')).toBeLessThan(names.indexOf('core'));
	});

	it('GIVEN the owner disables fx_toggle THEN the override is stored with who did it and the toggle hook runs', async () => {
		const disable = await features(bot.owner, 'disable', 'fx_toggle');
		const embed = await embedOf(disable);
		expect(embed.title).toBe('✅ fx_toggle disabled');
		expect(await disable.isEphemeral()).toBe(true);
		expect(await overrides()).toEqual([{ feature: 'fx_toggle', enabled: false, updatedBy: bot.owner.id }]);
		// tikaFeatureToggled reached the fixture's ordinary Sapphire listener.
		await bot.double.waitForMessage({ channel: bot.general, content: 'fx_toggle hook: off' });
	});

	it('GIVEN fx_toggle is disabled THEN its slash command is refused with the private Feature Disabled embed', async () => {
		const command = await runFixtureCommand(bot.alice);
		const embed = await embedOf(command);
		expect(embed.title).toBe('Feature Disabled');
		expect(embed.description).toContain('**fx_toggle**');
		expect(await command.isEphemeral()).toBe(true);
	});

	it('GIVEN fx_toggle is disabled THEN its button is refused with the private Feature Disabled embed', async () => {
		const press = await bot.double.clickButton({ message: buttonMessage, customId: 'fxtoggle:press', user: bot.alice });
		const embed = await embedOf(press);
		expect(embed.title).toBe('Feature Disabled');
		expect(embed.description).toContain('**fx_toggle**');
		// Alice cannot manage the server, so she is pointed at an admin rather than at the command.
		expect(embed.description).toContain('An admin can enable it');
		expect(await press.isEphemeral()).toBe(true);
	});

	it('GIVEN fx_toggle is disabled THEN the owner pressing its button is told the exact command', async () => {
		const press = await bot.double.clickButton({ message: buttonMessage, customId: 'fxtoggle:press', user: bot.owner });
		expect((await embedOf(press)).description).toContain('`/features toggle fx_toggle`');
	});

	it('GIVEN fx_toggle is disabled THEN its message handler is skipped and its listener does nothing', async () => {
		const skippedBefore = triggerStats().skipped;
		const before = bot.double.messagesIn(bot.general).length;
		await bot.general.send(bot.alice, 'fxtrigger');
		await bot.double.react({ message: reactionTarget, user: bot.alice, emoji: '🧪' });
		await sleep(QUIET_MS);
		expect(triggerStats().skipped).toBe(skippedBefore + 1);
		const botMessages = bot.double
			.messagesIn(bot.general)
			.slice(before)
			.filter((message) => message.author.id === bot.double.bot.id);
		expect(botMessages).toEqual([]);
	});

	it('GIVEN the owner enables fx_toggle again THEN the command, button, message handler and listener work again', async () => {
		const enable = await features(bot.owner, 'enable', 'fx_toggle');
		expect((await embedOf(enable)).title).toBe('✅ fx_toggle enabled');
		await bot.double.waitForMessage({ channel: bot.general, content: 'fx_toggle hook: on' });
		expect(await overrides()).toEqual([{ feature: 'fx_toggle', enabled: true, updatedBy: bot.owner.id }]);

		expect((await (await runFixtureCommand(bot.alice)).reply()).content).toBe('fx_toggle is here');
		const press = await bot.double.clickButton({ message: buttonMessage, customId: 'fxtoggle:press', user: bot.bob });
		expect((await press.reply()).content).toBe('fx_toggle button pressed by bob');
		await bot.general.send(bot.alice, 'fxtrigger');
		await bot.double.waitForMessage({ channel: bot.general, content: 'fx_toggle heard the trigger' });
		await bot.double.react({ message: reactionTarget, user: bot.owner, emoji: '🧪' });
		await bot.double.waitForMessage({ channel: bot.general, content: 'fx_toggle saw the reaction' });
	});

	it('GIVEN the owner toggles fx_toggle THEN it flips off', async () => {
		const toggle = await features(bot.owner, 'toggle', 'fx_toggle');
		expect((await embedOf(toggle)).title).toBe('✅ fx_toggle disabled');
		expect(await overrides()).toEqual([{ feature: 'fx_toggle', enabled: false, updatedBy: bot.owner.id }]);
	});

	it('GIVEN the owner resets fx_toggle THEN the override is gone and it follows its default (on) again', async () => {
		const reset = await features(bot.owner, 'reset', 'fx_toggle');
		const embed = await embedOf(reset);
		expect(embed.title).toBe('✅ fx_toggle reset');
		expect(embed.description).toContain('plugin default again and is now **on**');
		expect(await overrides()).toEqual([]);
		await bot.double.waitForMessage({ channel: bot.general, content: 'fx_toggle hook: on' });
		const list = await embedOf(await features(bot.owner, 'list'));
		expect(list.description).toContain('**fx_toggle** · 🟢 on · plugin default');
	});

	it('GIVEN the owner tries to disable or toggle bot_admin THEN the lockout guard refuses and nothing is stored', async () => {
		for (const subcommand of ['disable', 'toggle']) {
			const attempt = await features(bot.owner, subcommand, 'bot_admin');
			const embed = await embedOf(attempt);
			expect(embed.description).toContain("bot_admin can't be switched off.");
			expect(embed.description).toContain('always on');
			expect(await attempt.isEphemeral()).toBe(true);
		}
		expect(await overrides()).toEqual([]);
	});

	it('GIVEN the owner mistypes a feature THEN the error names it, suggests the closest one and changes nothing', async () => {
		const attempt = await features(bot.owner, 'disable', 'fx_togle');
		const embed = await embedOf(attempt);
		expect(embed.description).toContain('There is no feature called `fx_togle`.');
		expect(embed.description).toContain('Did you mean `fx_toggle`');
		expect(await attempt.isEphemeral()).toBe(true);
		expect(await overrides()).toEqual([]);
	});

	it('GIVEN alice (no Manage Server) tries /features disable THEN she is refused privately and nothing changes', async () => {
		const attempt = await features(bot.alice, 'disable', 'fx_toggle');
		expect(await attempt.isEphemeral()).toBe(true);
		const embed = await embedOf(attempt);
		expect(embed.title ?? '').not.toContain('disabled');
		expect(await overrides()).toEqual([]);
		expect((await (await runFixtureCommand(bot.bob)).reply()).content).toBe('fx_toggle is here');
	});

	it('GIVEN fx_setup needs configuration THEN enabling it warns with the reason and its command is refused until it is set up', async () => {
		const enable = await features(bot.owner, 'enable', 'fx_setup');
		const reply = await enable.reply();
		expect(reply.embeds![0]!.title).toBe('✅ fx_setup enabled');
		expect(reply.embeds![1]!.title).toContain('Setup needed');
		expect(reply.embeds![1]!.description).toContain(FX_SETUP_REASON);

		const refused = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'fxsetup' });
		expect(await refused.isEphemeral()).toBe(true);
		expect(JSON.stringify((await refused.reply()).embeds)).toContain(FX_SETUP_REASON);

		await container.data.setGuildData(bot.guild.id, 'fx_setup', { key: 'secret' });
		const works = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'fxsetup' });
		expect((await works.reply()).content).toBe('fx_setup ran');
	});

	it('counts the feature checks answered from the cache for /stats', () => {
		const stats = container.features.stats();
		expect(stats.hits).toBeGreaterThan(0);
		// One guild, loaded once: every later check was a synchronous cache hit.
		expect(stats.loads).toBe(1);
	});

	it('hit no route the double does not know', () => {
		expect(bot.double.unknownRoutes()).toEqual([]);
	});
});
