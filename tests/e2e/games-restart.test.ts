/**
 * Live games are in memory only: when Tika shuts down, each game's message must say so and lose its buttons, so that
 * nobody keeps pressing a board she no longer knows. A real process, stopped with SIGTERM as in production.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordDouble, type ChannelHandle, type UserHandle } from '../../src/playground/double';
import { botEnv, startBotProcess, stopBotProcess, type BotProcess } from '../support/process';

// Real processes: a start-up on a loaded CI machine can take longer than jest's default 30 s.
jest.setTimeout(120_000);

interface Component {
	custom_id: string;
	disabled?: boolean;
}
const componentsOf = (message: APIMessage): Component[] =>
	((message.components ?? []) as unknown as { components?: Component[] }[]).flatMap((row) => row.components ?? []);

describe('interactive games across a shutdown', () => {
	let dir: string;
	let double: DiscordDouble;
	let alice: UserHandle;
	let bob: UserHandle;
	let carol: UserHandle;
	let general: ChannelHandle;
	let bot: BotProcess | null = null;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'tika-games-'));
		double = await new DiscordDouble().start();
		const owner = double.createUser({ username: 'owner' });
		alice = double.createUser({ username: 'alice' });
		bob = double.createUser({ username: 'bob' });
		carol = double.createUser({ username: 'carol' });
		const guild = double.createGuild({ name: 'Games Restart', ownerId: owner });
		guild.addMember(alice);
		guild.addMember(bob);
		guild.addMember(carol);
		general = guild.createChannel('general');
		bot = await startBotProcess(double, botEnv(double, `file:${join(dir, 'tika.db')}`));
	});

	afterAll(async () => {
		if (bot) await stopBotProcess(bot, 'SIGKILL');
		await double?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('GIVEN a game against Tika and a pending challenge WHEN Tika is stopped THEN both messages read "Tika restarted" with every button disabled, and she exits cleanly', async () => {
		const vsTika = await (await double.slashCommand({ channel: general, user: alice, name: 'game', subcommand: 'tictactoe' })).reply();
		const pending = await (
			await double.slashCommand({ channel: general, user: bob, name: 'game', subcommand: 'connect4', options: { opponent: carol } })
		).reply();
		expect(pending.content).toBe(`<@${carol.id}>`);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const move = await double.clickButton({
			message: double.message(vsTika.id)!,
			customId: componentsOf(vsTika).find((c) => c.custom_id.endsWith(':m4'))!.custom_id,
			user: alice
		});
		expect((await move.response()).type).toBe(7);

		expect((await stopBotProcess(bot!)).code).toBe(0);
		for (const message of [vsTika, pending]) {
			const edit = double.requestsTo('PATCH', `/channels/${general.id}/messages/${message.id}`).at(-1);
			expect(JSON.stringify(edit?.body)).toContain('Tika restarted');
			const stored = double.message(message.id)!;
			expect(componentsOf(stored).length).toBeGreaterThan(0);
			expect(componentsOf(stored).every((component) => component.disabled === true)).toBe(true);
		}
	});
});
