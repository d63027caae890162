/**
 * `cooldownDelay` on commands and subcommands: refused in character while cooling down, and nothing left ticking once
 * Tika stopped. Sapphire's rate-limit managers sweep on a 30-second interval that only ends once every cooldown
 * expired; Tika's cooldown preconditions (src/core/preconditions) stop them at shutdown.
 */
import { container } from '@sapphire/framework';
import type { APIEmbed } from 'discord.js';
import { resolve } from 'node:path';
import { CooldownPrecondition } from '#core/preconditions/Cooldown';
import { PluginSubcommandCooldownPrecondition } from '#core/preconditions/PluginSubcommandCooldown';
import { getPersonality } from '#shared/personality/default';
import type { InteractionHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

const FIXTURES = resolve(__dirname, '../support/fixtures/plugins');

/** Whether an error embed's title (without the ❌) is one of the personality's cooldown lines. */
function isCooldownLine(embed: APIEmbed): boolean {
	const seconds = /again in (\d+) seconds/.exec(embed.description ?? '')?.[1] ?? '';
	const lines = (['plain', 'base', 'repeated', 'frustrated'] as const).flatMap((tier) => getPersonality().lines('cooldown', tier));
	return lines.some((line) => line.replaceAll('{seconds}', seconds) === embed.title?.replace(/^❌ /, ''));
}

describe('command cooldowns', () => {
	let bot: TestBot;
	let stopped = false;

	beforeAll(async () => {
		bot = await startTestBot({ pluginPaths: [FIXTURES] });
	});
	afterAll(async () => {
		if (!stopped) await bot?.stop();
	});

	const run = (name: string, subcommand?: string) =>
		bot.double.slashCommand({ channel: bot.general, user: bot.alice, name, ...(subcommand ? { subcommand } : {}) });
	const embedOf = async (handle: InteractionHandle) => (await handle.reply()).embeds![0]!;
	const preconditions = () => container.stores.get('preconditions');
	/** The sweep timers of the rate-limit managers behind /fxlifecooldown and /fxlifesub (private in @sapphire/ratelimits). */
	const sweepTimers = () => {
		const command = container.stores.get('commands').get('fxlifecooldown')!;
		const subcommand = container.stores.get('commands').get('fxlifesub')!;
		const cooldown = preconditions().get('Cooldown') as CooldownPrecondition;
		const subcommandCooldown = preconditions().get('PluginSubcommandCooldown') as PluginSubcommandCooldownPrecondition;
		return [cooldown.buckets.get(command), subcommandCooldown.subcommandBuckets.get(subcommand as never)].map((manager) =>
			manager ? (Reflect.get(manager, 'sweepInterval') as NodeJS.Timeout | null) : undefined
		);
	};

	it("GIVEN Tika's core is loaded THEN its cooldown preconditions replace Sapphire's under the same names", () => {
		expect(preconditions().get('Cooldown')).toBeInstanceOf(CooldownPrecondition);
		expect(preconditions().get('PluginSubcommandCooldown')).toBeInstanceOf(PluginSubcommandCooldownPrecondition);
	});

	it('GIVEN a command with a one-use cooldown WHEN alice runs it twice THEN the second time is refused privately, in character', async () => {
		expect((await (await run('fxlifecooldown')).reply()).content).toBe('cooled');
		const again = await run('fxlifecooldown');
		const embed = await embedOf(again);
		expect(await again.isEphemeral()).toBe(true);
		expect(embed.description).toMatch(/You can use `\/fxlifecooldown` again in (59|60) seconds\./);
		expect(isCooldownLine(embed)).toBe(true);
	});

	it('GIVEN a subcommand with its own cooldown WHEN alice runs it twice THEN the second time is refused, while its sibling still runs', async () => {
		expect((await (await run('fxlifesub', 'once')).reply()).content).toBe('once');
		const again = await run('fxlifesub', 'once');
		const embed = await embedOf(again);
		expect(embed.description).toMatch(/again in (59|60) seconds\./);
		expect(isCooldownLine(embed)).toBe(true);
		expect((await (await run('fxlifesub', 'free')).reply()).content).toBe('free');
	});

	it('GIVEN cooldowns are running WHEN Tika stops THEN their sweep timers are cleared (nothing keeps the process alive)', async () => {
		const running = sweepTimers();
		expect(running).toHaveLength(2);
		for (const timer of running) expect(timer?.hasRef()).toBe(true);

		stopped = true;
		await bot.stop();
		// RateLimitManager#sweep sets its timer to null right after clearInterval.
		expect(sweepTimers()).toEqual([null, null]);
	});
});
