import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { games } from '../../src/plugins/interactive_games/lib/runtime';
import { startTestBot, type TestBot } from '../support/harness';
import type { OptionValue, UserHandle } from '../../src/playground/double/index';

const collectorAttached = () => new Promise((resolve) => setTimeout(resolve, 100));

interface Component {
	type: number;
	custom_id: string;
	disabled?: boolean;
	options?: { value: string }[];
}

const componentsOf = (message: APIMessage): Component[] =>
	((message.components ?? []) as unknown as { components?: Component[] }[]).flatMap((row) => row.components ?? []);
const idFor = (message: APIMessage, action: string) =>
	componentsOf(message).find((component) => component.custom_id.endsWith(`:${action}`))?.custom_id;
const gameIdOf = (message: APIMessage) => componentsOf(message)[0]!.custom_id.split(':')[1]!;
const text = (embed: APIEmbed | undefined) => (embed ? [embed.title, embed.description].filter(Boolean).join('\n') : '');
const textOf = (message: APIMessage) => `${message.content ?? ''}\n${text(message.embeds?.[0])}`;
const allDisabled = (message: APIMessage) => componentsOf(message).every((component) => component.disabled === true);

describe('interactive games: /game tictactoe, connect4, hangman', () => {
	let bot: TestBot;
	let carol: UserHandle;

	beforeAll(async () => {
		bot = await startTestBot();
		carol = bot.double.createUser({ username: 'carol' });
		bot.guild.addMember(carol);
	});
	afterAll(async () => {
		await bot?.stop();
	});

	const current = (message: APIMessage) => bot.double.message(message.id)!;
	const game = (user: UserHandle, subcommand: string, options: Record<string, OptionValue> = {}) =>
		bot.double.slashCommand({ channel: bot.general, user, name: 'game', subcommand, options });
	/** Presses the button whose id ends with `:action` on the message's current state. */
	const press = async (user: UserHandle, message: APIMessage, action: string) => {
		const latest = current(message);
		const customId = idFor(latest, action);
		if (!customId) throw new Error(`no ${action} control on ${JSON.stringify(componentsOf(latest).map((c) => c.custom_id))}`);
		return bot.double.clickButton({ message: latest, customId, user });
	};
	const stat = (userId: string, kind: string) =>
		bot.instance.database.prisma.gameStat.findUnique({ where: { guildId_game_userId: { guildId: bot.guild.id, game: kind, userId } } });
	const challenge = async (challenger: UserHandle, kind: string, opponent: UserHandle) => {
		const run = await game(challenger, kind, { opponent });
		const message = await run.reply();
		await collectorAttached();
		return message;
	};
	const accepted = async (challenger: UserHandle, kind: string, opponent: UserHandle) => {
		const message = await challenge(challenger, kind, opponent);
		const accept = await press(opponent, message, 'a');
		expect((await accept.response()).type).toBe(7);
		return message;
	};

	describe('GIVEN alice challenges bob to TicTacToe', () => {
		let board: APIMessage;

		it('THEN bob is pinged with Accept / Decline buttons', async () => {
			board = await challenge(bot.alice, 'tictactoe', bot.bob);
			expect(board.content).toBe(`<@${bot.bob.id}>`);
			expect(textOf(board)).toContain('challenges');
			expect(componentsOf(board).map((c) => c.custom_id.split(':')[2])).toEqual(['a', 'd']);
		});

		it('WHEN alice presses Accept herself THEN she is told only bob can accept, privately', async () => {
			const attempt = await press(bot.alice, board, 'a');
			expect(await attempt.isEphemeral()).toBe(true);
			expect((await attempt.response()).data?.content).toContain(`Only <@${bot.bob.id}> can accept`);
		});

		it('WHEN bob accepts THEN the message becomes a 3×3 board (+ forfeit), updated in the interaction response', async () => {
			const accept = await press(bot.bob, board, 'a');
			expect((await accept.response()).type).toBe(7);
			const shown = current(board);
			expect(componentsOf(shown).map((c) => c.custom_id.split(':')[2])).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'f']);
			expect(textOf(shown)).toContain(`Turn: <@${bot.alice.id}>`);
		});

		it('WHEN carol (a stranger) presses a square THEN she gets a private "not your game" and the board is unchanged', async () => {
			const before = JSON.stringify(current(board).components);
			const intrusion = await press(carol, board, 'm4');
			expect(await intrusion.isEphemeral()).toBe(true);
			expect((await intrusion.response()).data?.content).toContain('/game tictactoe');
			expect(JSON.stringify(current(board).components)).toBe(before);
		});

		it("WHEN bob presses on alice's turn THEN he is told privately it is not his turn", async () => {
			const early = await press(bot.bob, board, 'm4');
			expect(await early.isEphemeral()).toBe(true);
			expect((await early.response()).data?.content).toContain('Not your turn');
			expect(current(board).components).toEqual(current(board).components);
			expect(componentsOf(current(board)).find((c) => c.custom_id.endsWith(':m4'))!.disabled).toBeFalsy();
		});

		it('WHEN they play until alice has the top row THEN alice wins, every button is disabled and the stats are recorded', async () => {
			for (const [user, square] of [
				[bot.alice, 'm0'],
				[bot.bob, 'm3'],
				[bot.alice, 'm1'],
				[bot.bob, 'm4'],
				[bot.alice, 'm2']
			] as const) {
				const move = await press(user, board, square);
				expect((await move.response()).type).toBe(7);
			}
			const final = current(board);
			expect(textOf(final)).toContain(`<@${bot.alice.id}> wins!`);
			expect(allDisabled(final)).toBe(true);
			expect(await stat(bot.alice.id, 'tictactoe')).toMatchObject({ wins: 1, losses: 0, draws: 0 });
			expect(await stat(bot.bob.id, 'tictactoe')).toMatchObject({ wins: 0, losses: 1, draws: 0 });
			expect(games.gameOf(bot.general.id, bot.alice.id)).toBeUndefined();
		});
	});

	describe('challenge refusals', () => {
		it('GIVEN alice challenges herself THEN she is refused privately', async () => {
			const run = await game(bot.alice, 'tictactoe', { opponent: bot.alice });
			expect(await run.isEphemeral()).toBe(true);
			expect(text((await run.reply()).embeds[0])).toContain('cannot challenge yourself');
		});

		it('GIVEN alice challenges another bot THEN she is refused privately', async () => {
			const robot = bot.double.createUser({ username: 'robot', bot: true });
			bot.guild.addMember(robot);
			const run = await game(bot.alice, 'connect4', { opponent: robot });
			expect(await run.isEphemeral()).toBe(true);
			expect(text((await run.reply()).embeds[0])).toContain('Bots cannot play');
		});

		it('GIVEN alice challenges someone who is not in the server THEN she is refused privately', async () => {
			const stranger = bot.double.createUser({ username: 'passerby' });
			const run = await game(bot.alice, 'tictactoe', { opponent: stranger });
			expect(await run.isEphemeral()).toBe(true);
			expect(text((await run.reply()).embeds[0])).toContain(`<@${stranger.id}> is not in this server.`);
		});

		it('GIVEN alice is in a game here THEN she cannot start another, nor can bob challenge her, until she forfeits', async () => {
			const vsTika = await (await game(bot.alice, 'tictactoe')).reply();
			await collectorAttached();
			const second = await game(bot.alice, 'connect4');
			expect(await second.isEphemeral()).toBe(true);
			expect(text((await second.reply()).embeds[0])).toContain('already in a TicTacToe game in this channel');
			const busy = await game(bot.bob, 'tictactoe', { opponent: bot.alice });
			expect(text((await busy.reply()).embeds[0])).toContain(`<@${bot.alice.id}> is already in a game`);
			const forfeit = await press(bot.alice, vsTika, 'f');
			expect((await forfeit.response()).type).toBe(7);
			expect(textOf(current(vsTika))).toContain('forfeited');
			expect(allDisabled(current(vsTika))).toBe(true);
		});

		it('GIVEN alice challenges Tika by name THEN it is a game against the AI, no challenge needed', async () => {
			const run = await game(bot.alice, 'tictactoe', { opponent: bot.double.bot, difficulty: 'hard' });
			const board = await run.reply();
			await collectorAttached();
			expect(textOf(board)).toContain('vs ⭕ Tika (hard)');
			const move = await press(bot.alice, board, 'm4');
			const after = await move.reply();
			// Tika answered in the same response: two squares are taken.
			expect(componentsOf(after).filter((c) => /:m\d$/.test(c.custom_id) && c.disabled).length).toBe(2);
			await press(bot.alice, board, 'f');
		});
	});

	it('GIVEN alice and bob fill column 1 of a Connect 4 game THEN its button is disabled; WHEN bob forfeits THEN alice wins and both records say so', async () => {
		const board = await accepted(bot.alice, 'connect4', bot.bob);
		await (await press(bot.alice, board, 'm3')).response();
		for (const user of [bot.bob, bot.alice, bot.bob, bot.alice, bot.bob, bot.alice]) await (await press(user, board, 'm0')).response();
		expect(componentsOf(current(board)).find((c) => c.custom_id.endsWith(':m0'))!.disabled).toBe(true);
		expect(componentsOf(current(board)).find((c) => c.custom_id.endsWith(':m1'))!.disabled).toBe(false);
		const grid = textOf(current(board))
			.split('\n')
			.filter((line) => /^(?:🔴|🟡|⚪)+$/u.test(line));
		expect(grid.map((line) => [...line][0])).toEqual(['🔴', '🟡', '🔴', '🟡', '🔴', '🟡']);
		const forfeit = await press(bot.bob, board, 'f');
		expect((await forfeit.response()).type).toBe(7);
		const final = current(board);
		expect(textOf(final)).toContain(`<@${bot.bob.id}> forfeited, <@${bot.alice.id}> wins`);
		expect(allDisabled(final)).toBe(true);
		expect(await stat(bot.alice.id, 'connect4')).toMatchObject({ wins: 1 });
		expect(await stat(bot.bob.id, 'connect4')).toMatchObject({ losses: 1 });
	});

	it('GIVEN bob plays Connect 4 against Tika THEN pressing legal columns reaches a result within the 3 s window, and the result is counted for bob only', async () => {
		const run = await game(bot.bob, 'connect4', { difficulty: 'easy' });
		const board = await run.reply();
		await collectorAttached();
		expect(textOf(board)).toContain('1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣');
		let presses = 0;
		while (!allDisabled(current(board)) && presses < 30) {
			const legal = componentsOf(current(board)).filter((c) => /:m\d$/.test(c.custom_id) && !c.disabled);
			const started = Date.now();
			const move = await bot.double.clickButton({ message: current(board), customId: legal[0]!.custom_id, user: bot.bob });
			expect((await move.response()).type).toBe(7);
			expect(Date.now() - started).toBeLessThan(3000);
			presses++;
		}
		const final = current(board);
		expect(allDisabled(final)).toBe(true);
		expect(textOf(final)).toMatch(/wins!|draw/);
		const record = await stat(bot.bob.id, 'connect4');
		expect(record!.wins + record!.losses + record!.draws).toBe(2); // the forfeit win above + this game
		expect(await stat(bot.double.bot.id, 'connect4')).toBeNull();
	});

	describe('hangman', () => {
		const word = (message: APIMessage) => games.get(gameIdOf(message))!.hangman!.word;

		it('GIVEN alice plays alone WHEN she picks a letter from the A–M / N–Z menus and then guesses the word in the modal THEN she wins', async () => {
			const run = await game(bot.alice, 'hangman', { category: 'animals', difficulty: 'easy' });
			const board = await run.reply();
			await collectorAttached();
			expect(textOf(board)).toContain('```');
			const menus = componentsOf(board).filter((c) => c.type === 3);
			expect(menus.flatMap((menu) => menu.options!.map((option) => option.value)).join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
			const answer = word(board);
			const letter = answer[0]!;
			const pick = await bot.double.selectMenu({
				message: current(board),
				customId: idFor(current(board), letter <= 'M' ? 'l1' : 'l2')!,
				values: [letter],
				user: bot.alice
			});
			expect((await pick.response()).type).toBe(7);
			expect(textOf(current(board))).toContain(`guessed **${letter}**: yes!`);

			const open = await press(bot.alice, board, 'w');
			expect((await open.response()).type).toBe(9);
			const guess = await bot.double.submitModal({
				customId: `game:${gameIdOf(board)}:wm`,
				fields: { word: answer.toLowerCase() },
				user: bot.alice,
				channel: bot.general,
				message: current(board)
			});
			expect((await guess.response()).type).toBe(7);
			const final = current(board);
			expect(textOf(final)).toContain(`**Solved!** The word was **${answer}**`);
			expect(allDisabled(final)).toBe(true);
			expect(await stat(bot.alice.id, 'hangman')).toMatchObject({ wins: 1, losses: 0 });
		});

		it('GIVEN alice guesses six wrong letters THEN she is hanged, the word is shown and a loss is recorded', async () => {
			const board = await (await game(bot.alice, 'hangman', { difficulty: 'hard' })).reply();
			await collectorAttached();
			const answer = word(board);
			const wrong = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((letter) => !answer.includes(letter)).slice(0, 6);
			for (const letter of wrong) {
				const pick = await bot.double.selectMenu({
					message: current(board),
					customId: idFor(current(board), letter <= 'M' ? 'l1' : 'l2')!,
					values: [letter],
					user: bot.alice
				});
				expect((await pick.response()).type).toBe(7);
			}
			const final = current(board);
			expect(textOf(final)).toContain(`**Hanged.** The word was **${answer}**`);
			expect(textOf(final)).toContain('6/6');
			expect(allDisabled(final)).toBe(true);
			expect(await stat(bot.alice.id, 'hangman')).toMatchObject({ wins: 1, losses: 1 });
		});
	});

	it('GIVEN a game whose id Tika no longer knows (as after a restart) WHEN a player presses THEN "this game has expired" privately and the buttons go grey', async () => {
		const board = await (await game(bot.bob, 'tictactoe')).reply();
		await collectorAttached();
		games.end(gameIdOf(board));
		const stale = await press(bot.bob, board, 'm0');
		expect(await stale.isEphemeral()).toBe(true);
		expect(text((await stale.reply()).embeds[0])).toContain('This game has expired.');
		await bot.double.waitForRequest(
			(request) => request.method === 'PATCH' && request.path === `/channels/${bot.general.id}/messages/${board.id}`
		);
		expect(allDisabled(current(board))).toBe(true);
	});

	it('GIVEN a live game WHEN the owner disables interactive_games THEN the game ends, its message says so and its buttons go grey', async () => {
		const board = await (await game(bot.alice, 'connect4')).reply();
		await collectorAttached();
		const disable = await bot.double.slashCommand({
			channel: bot.general,
			user: bot.owner,
			name: 'features',
			subcommand: 'disable',
			options: { feature: 'interactive_games' }
		});
		await disable.reply();
		await bot.double.waitForRequest(
			(request) => request.method === 'PATCH' && request.path === `/channels/${bot.general.id}/messages/${board.id}`
		);
		expect(textOf(current(board))).toContain('interactive games were disabled');
		expect(allDisabled(current(board))).toBe(true);
		expect(games.gameOf(bot.general.id, bot.alice.id)).toBeUndefined();
		await (
			await bot.double.slashCommand({
				channel: bot.general,
				user: bot.owner,
				name: 'features',
				subcommand: 'enable',
				options: { feature: 'interactive_games' }
			})
		).reply();
	});

	describe('stats and leaderboard', () => {
		it('GIVEN alice has played THEN /game stats shows her wins, losses and draws per game', async () => {
			const run = await game(bot.bob, 'stats', { user: bot.alice });
			const embed = (await run.reply()).embeds[0]!;
			expect(embed.description).toContain(`<@${bot.alice.id}>`);
			// Two TicTacToe losses are the forfeits against Tika above.
			expect(embed.description).toContain('**TicTacToe:** 1 W · 2 L · 0 D');
			expect(embed.description).toContain('**Hangman:** 1 W · 1 L · 0 D');
		});

		it('GIVEN the TicTacToe results THEN /game leaderboard lists alice first, by wins', async () => {
			const run = await game(bot.bob, 'leaderboard', { game: 'tictactoe' });
			const embed = (await run.reply()).embeds[0]!;
			expect(embed.title).toContain('TicTacToe leaderboard');
			expect(embed.description!.split('\n')[0]).toBe(`🥇 <@${bot.alice.id}>: 1 W · 2 L · 0 D`);
		});

		it('GIVEN the prefix form THEN !tika game tictactoe @bob challenges bob', async () => {
			await bot.general.send(bot.alice, `!tika game tictactoe <@${bot.bob.id}>`);
			const reply = await bot.double.waitForMessage({
				channel: bot.general,
				where: (message: APIMessage) => message.content === `<@${bot.bob.id}>`
			});
			expect(textOf(reply)).toContain('challenges');
			await collectorAttached();
			await (await press(bot.bob, reply, 'd')).response();
			expect(textOf(current(reply))).toContain('Challenge declined');
			expect(allDisabled(current(reply))).toBe(true);
		});
	});

	describe('timeouts (set short with /game config)', () => {
		it('GIVEN alice (no Manage Server) THEN /game config is refused', async () => {
			const run = await game(bot.alice, 'config', { idle_seconds: 2 });
			expect(await run.isEphemeral()).toBe(true);
			expect(text((await run.reply()).embeds[0])).toContain('Manage Server');
		});

		it('GIVEN the owner sets 2 s timeouts WHEN bob ignores a challenge THEN it expires visibly with its buttons disabled', async () => {
			const config = await game(bot.owner, 'config', { idle_seconds: 2, challenge_seconds: 2 });
			expect(text((await config.reply()).embeds[0])).toContain('Idle timeout: **2 s**');
			const message = await challenge(bot.alice, 'connect4', bot.bob);
			await bot.double.waitForRequest(
				(request) => request.method === 'PATCH' && request.path === `/channels/${bot.general.id}/messages/${message.id}`,
				{ timeout: 8000 }
			);
			expect(textOf(current(message))).toContain('Challenge expired');
			expect(allDisabled(current(message))).toBe(true);
		});

		it('GIVEN a game WHEN the player to move stays idle THEN the game ends saying who left, and that player loses', async () => {
			const board = await accepted(carol, 'tictactoe', bot.bob);
			await (await press(carol, board, 'm0')).response();
			await bot.double.waitForRequest(
				(request) =>
					request.method === 'PATCH' &&
					request.path === `/channels/${bot.general.id}/messages/${board.id}` &&
					JSON.stringify(request.body).includes('left the game'),
				{ timeout: 8000 }
			);
			expect(textOf(current(board))).toContain(`<@${bot.bob.id}> left the game`);
			expect(allDisabled(current(board))).toBe(true);
			expect(await stat(carol.id, 'tictactoe')).toMatchObject({ wins: 1 });
			expect(await stat(bot.bob.id, 'tictactoe')).toMatchObject({ losses: 2 });
			await (await game(bot.owner, 'config', { idle_seconds: 300, challenge_seconds: 60 })).reply();
		});
	});

	it('reaches no unknown route and causes no double errors', () => {
		expect(bot.double.unknownRoutes()).toEqual([]);
		expect(bot.double.errors).toEqual([]);
	});
});
