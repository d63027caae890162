import { join } from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { startTestBot, type TestBot } from '../support/harness';

/** Custom ids of the buttons on a message, in order. */
function buttons(message: APIMessage): { custom_id: string; disabled?: boolean }[] {
	const rows = (message.components ?? []) as unknown as { components?: { custom_id: string; disabled?: boolean }[] }[];
	return rows.flatMap((row) => row.components ?? []);
}

const buttonIds = (message: APIMessage) => buttons(message).map((button) => button.custom_id);

/**
 * The double shows the bot's message as soon as it is stored; the bot attaches its button collector only once its own
 * REST call returns, a moment later. A person cannot click inside that window; a test can, so it waits it out.
 */
const collectorAttached = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the shared UI kit, end to end', () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({ pluginPaths: [join(__dirname, '../support/fixtures/plugins')] });
	});
	afterAll(async () => {
		await bot?.stop();
	});

	describe('GIVEN alice opens a three-page list', () => {
		let list: APIMessage;
		beforeAll(async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'fxuipages' });
			list = await run.reply();
			await collectorAttached();
		});

		it('THEN the first page shows items 1 to 10 with page buttons', () => {
			expect(list.embeds[0]!.description).toContain('item 1\n');
			expect(list.embeds[0]!.description).toContain('item 10');
			expect(list.embeds[0]!.description).not.toContain('item 11');
			expect(buttonIds(list).some((id) => id.includes('next'))).toBe(true);
		});

		it('WHEN she presses next THEN the message shows items 11 to 20', async () => {
			const next = buttonIds(list).find((id) => id.includes('next'))!;
			const press = await bot.double.clickButton({ message: list, customId: next, user: bot.alice });
			const page = await press.reply();
			expect(page.embeds[0]!.description).toContain('item 11');
			expect(page.embeds[0]!.description).not.toContain('item 10\n');
		});

		it('WHEN bob presses her buttons THEN he is told privately they are not his and the page does not move', async () => {
			const current = bot.double.message(list.id)!;
			const before = current.embeds[0]!.description;
			const next = buttonIds(current).find((id) => id.includes('next'))!;
			const press = await bot.double.clickButton({ message: current, customId: next, user: bot.bob });
			expect(await press.isEphemeral()).toBe(true);
			expect(bot.double.message(list.id)!.embeds[0]!.description).toBe(before);
		});
	});

	it('GIVEN alice is asked to confirm WHEN she presses Confirm THEN the command goes ahead and the buttons are disabled', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'fxuiconfirm' });
		const prompt = await run.reply();
		await collectorAttached();
		const confirmId = buttonIds(prompt).find((id) => id.endsWith(':yes'))!;
		await bot.double.clickButton({ message: prompt, customId: confirmId, user: bot.alice });
		expect((await run.followUp(0)).content).toBe('outcome: confirmed');
		const after = bot.double.message(prompt.id)!;
		const disabled = buttons(after).every((button) => button.disabled);
		expect(disabled).toBe(true);
	});

	it('GIVEN alice is asked to confirm WHEN bob presses Confirm THEN nothing happens until alice cancels', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'fxuiconfirm' });
		const prompt = await run.reply();
		await collectorAttached();
		const ids = buttonIds(prompt);
		const intruder = await bot.double.clickButton({ message: prompt, customId: ids.find((id) => id.endsWith(':yes'))!, user: bot.bob });
		expect(await intruder.isEphemeral()).toBe(true);
		await bot.double.clickButton({ message: prompt, customId: ids.find((id) => id.endsWith(':no'))!, user: bot.alice });
		expect((await run.followUp(0)).content).toBe('outcome: cancelled');
	});

	it('GIVEN nobody answers THEN the confirmation times out and says so', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'fxuiconfirm', options: { timeout: 200 } });
		await run.reply();
		expect((await run.followUp(0)).content).toBe('outcome: timeout');
	});

	// Last: it stops the bot.
	it('GIVEN a list is still open WHEN Tika shuts down THEN its buttons are removed and no idle timer outlives her', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'fxuipages' });
		const list = await run.reply();
		await collectorAttached();
		expect(buttons(list).length).toBeGreaterThan(0);
		await bot.instance.stop();
		expect(buttons(bot.double.message(list.id)!)).toEqual([]);
	});
});
