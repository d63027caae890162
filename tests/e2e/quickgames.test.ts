import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { rpsOutcome, type RpsChoice } from '../../src/plugins/quick_games/lib/rps';
import { rpsSettings } from '../../src/plugins/quick_games/lib/rpsMatches';
import { startTestBot, type TestBot } from '../support/harness';

const collectorAttached = () => new Promise((resolve) => setTimeout(resolve, 100));

function text(embed: APIEmbed | undefined): string {
	if (!embed) return '';
	return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])].filter(Boolean).join('\n');
}

function buttonIds(message: APIMessage): string[] {
	const rows = (message.components ?? []) as unknown as { components?: { custom_id: string }[] }[];
	return rows.flatMap((row) => row.components ?? []).map((button) => button.custom_id);
}

const button = (message: APIMessage, choice: RpsChoice) => buttonIds(message).find((id) => id.endsWith(`:${choice}`))!;

/** Reads "<@id>: 🪨 Rock" lines back into moves. */
function moveOf(description: string, who: string): RpsChoice {
	const line = description.split('\n').find((row) => row.startsWith(`${who}:`))!;
	return line.toLowerCase().match(/rock|paper|scissors/)![0] as RpsChoice;
}

/** What everyone in the channel could see in a REST request: content and embed descriptions (buttons name every move anyway). */
function publicText(request: { body: unknown }): string {
	type Payload = { content?: string; embeds?: APIEmbed[]; flags?: number };
	const body = (request.body ?? {}) as Payload & { data?: Payload };
	const payload = body.data ?? body;
	if (((payload.flags ?? 0) & 64) !== 0) return '';
	// The title names the game ("Rock, paper, scissors"), so only what can differ per match is checked.
	return [payload.content ?? '', ...(payload.embeds ?? []).map((embed) => embed.description ?? '')].join(' ');
}

describe('quick games: coinflip, roll, rock-paper-scissors', () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot();
	});
	afterAll(async () => {
		await bot?.stop();
	});

	describe('coinflip', () => {
		it('GIVEN alice calls heads with /coinflip THEN the reply shows the side and whether her call was right', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'coinflip', options: { call: 'heads' } });
			const embed = (await run.reply()).embeds[0]!;
			const side = embed.title!.match(/Heads|Tails/)![0];
			expect(embed.description).toBe(side === 'Heads' ? 'You called **heads**: right!' : 'You called **heads**: wrong.');
		});

		it('GIVEN bob types !tika coinflip tails THEN Tika answers in the channel with the verdict', async () => {
			await bot.general.send(bot.bob, '!tika coinflip tails');
			const reply = await bot.double.waitForMessage({ channel: bot.general });
			const side = reply.embeds[0]!.title!.match(/Heads|Tails/)![0];
			expect(reply.embeds[0]!.description).toContain(side === 'Tails' ? 'right!' : 'wrong.');
		});

		it('GIVEN a call that is not a side THEN the prefix form explains how to call', async () => {
			await bot.general.send(bot.bob, '!tika coinflip edge');
			const reply = await bot.double.waitForMessage({ channel: bot.general });
			expect(text(reply.embeds[0])).toContain('`edge` is not a side of a coin');
		});

		it('GIVEN no call THEN the coin still lands', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'coinflip' });
			expect((await run.reply()).embeds[0]!.title).toMatch(/^🪙 (Heads|Tails)!$/);
		});
	});

	describe('roll', () => {
		it('GIVEN /roll 4d6kh3 THEN every die is shown, the dropped one struck through, and the total adds the kept ones', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'roll', options: { dice: '4d6kh3' } });
			const embed = (await run.reply()).embeds[0]!;
			const line = embed.description!.split('\n').find((row) => row.includes('4d6kh3:'))!;
			const faces = line.match(/\[(.*)\]/)![1]!.split(', ');
			expect(faces).toHaveLength(4);
			expect(faces.filter((face) => face.startsWith('~~'))).toHaveLength(1);
			const kept = faces.filter((face) => !face.startsWith('~~')).map(Number);
			const total = kept.reduce((sum, value) => sum + value, 0);
			expect(embed.title).toBe(`🎲 4d6kh3 → ${total}`);
			const dropped = Number(faces.find((face) => face.startsWith('~~'))!.replace(/~/g, ''));
			expect(dropped).toBeLessThanOrEqual(Math.min(...kept));
		});

		it('GIVEN /roll without dice THEN a d20 is rolled', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'roll' });
			const title = (await run.reply()).embeds[0]!.title!;
			const total = Number(title.match(/→ (-?\d+)$/)![1]);
			expect(title).toContain('1d20');
			expect(total).toBeGreaterThanOrEqual(1);
			expect(total).toBeLessThanOrEqual(20);
		});

		it('GIVEN !tika roll 2d6+3 THEN the prefix form replies with the dice and a total between 5 and 15', async () => {
			await bot.general.send(bot.bob, '!tika roll 2d6 + 3');
			const reply = await bot.double.waitForMessage({ channel: bot.general });
			const embed = reply.embeds[0]!;
			const total = Number(embed.title!.match(/→ (-?\d+)$/)![1]);
			expect(embed.title).toContain('2d6 + 3');
			const faces = embed.description!.match(/2d6: \[(\d+), (\d+)\]/)!;
			expect(total).toBe(Number(faces[1]) + Number(faces[2]) + 3);
		});

		it('GIVEN more dice than Tika carries THEN she refuses privately, naming the limit', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'roll', options: { dice: '101d6' } });
			const reply = await run.reply();
			expect(await run.isEphemeral()).toBe(true);
			expect(text(reply.embeds[0])).toContain('more dice than I carry');
			expect(text(reply.embeds[0])).toContain('100 dice');
		});

		it('GIVEN a die with too many sides via prefix THEN the reply names the side limit', async () => {
			await bot.general.send(bot.bob, '!tika roll d5000');
			const reply = await bot.double.waitForMessage({ channel: bot.general });
			expect(text(reply.embeds[0])).toContain('1000 sides');
		});

		it('GIVEN nonsense THEN the reply says what could not be read', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'roll', options: { dice: '2d6+banana' } });
			expect(text((await run.reply()).embeds[0])).toContain("I can't read `b`");
		});
	});

	describe('rock, paper, scissors against Tika', () => {
		it('GIVEN alice plays /rps rock THEN Tika answers at once with both moves and the right verdict', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rps', options: { choice: 'rock' } });
			const description = (await run.reply()).embeds[0]!.description!;
			expect(moveOf(description, `<@${bot.alice.id}>`)).toBe('rock');
			const outcome = rpsOutcome('rock', moveOf(description, 'Tika'));
			expect(description).toContain(outcome === 'draw' ? "It's a draw!" : outcome === 'win' ? `<@${bot.alice.id}> wins!` : 'Tika wins!');
		});

		it('GIVEN bob types !tika rps scissors THEN the prefix form plays Tika too', async () => {
			await bot.general.send(bot.bob, '!tika rps scissors');
			const reply = await bot.double.waitForMessage({ channel: bot.general });
			const description = reply.embeds[0]!.description!;
			expect(moveOf(description, `<@${bot.bob.id}>`)).toBe('scissors');
			expect(['rock', 'paper', 'scissors']).toContain(moveOf(description, 'Tika'));
		});

		it('GIVEN /rps without a move THEN alice picks with a button and the result follows', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rps' });
			const challenge = await run.reply();
			expect(buttonIds(challenge)).toHaveLength(3);
			await collectorAttached();
			const press = await bot.double.clickButton({ message: challenge, customId: button(challenge, 'paper'), user: bot.alice });
			const result = await press.reply();
			expect(result.components ?? []).toHaveLength(0);
			expect(moveOf(result.embeds[0]!.description!, `<@${bot.alice.id}>`)).toBe('paper');
		});

		it('GIVEN an unknown move via prefix THEN Tika says which moves exist', async () => {
			await bot.general.send(bot.bob, '!tika rps lizard');
			const reply = await bot.double.waitForMessage({ channel: bot.general });
			expect(text(reply.embeds[0])).toContain('`lizard` is not a move');
		});
	});

	describe('rock, paper, scissors between two members', () => {
		it('GIVEN alice challenges bob THEN both pick privately, nobody sees a move before the reveal, and the result names the winner', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rps', options: { opponent: bot.bob } });
			const challenge = await run.reply();
			expect(challenge.content).toContain(`<@${bot.bob.id}>`);
			expect(text(challenge.embeds[0])).toContain('choosing…');
			await collectorAttached();
			const since = bot.double.requests.length;

			const alicePress = await bot.double.clickButton({ message: challenge, customId: button(challenge, 'rock'), user: bot.alice });
			expect(await alicePress.isEphemeral()).toBe(true);
			expect((await alicePress.reply()).content).toContain('You chose 🪨 Rock');
			await bot.double.waitForRequest({ method: 'PATCH', path: `/channels/${bot.general.id}/messages/${challenge.id}` });
			const pending = bot.double.message(challenge.id)!;
			expect(text(pending.embeds[0])).toContain(`<@${bot.alice.id}>: ✅ has chosen`);
			expect(text(pending.embeds[0])).toContain(`<@${bot.bob.id}>: ⏳ choosing…`);
			// Everything public so far (edits, replies) is free of alice's move.
			expect(bot.double.requests.slice(since).map(publicText).join(' ')).not.toMatch(/rock|🪨/i);

			const bobPress = await bot.double.clickButton({ message: pending, customId: button(pending, 'scissors'), user: bot.bob });
			const result = await bobPress.reply();
			expect(result.id).toBe(challenge.id);
			expect(result.components ?? []).toHaveLength(0);
			const description = result.embeds[0]!.description!;
			expect(moveOf(description, `<@${bot.alice.id}>`)).toBe('rock');
			expect(moveOf(description, `<@${bot.bob.id}>`)).toBe('scissors');
			expect(description).toContain('🪨 Rock beats ✂️ Scissors.');
			expect(description).toContain(`<@${bot.alice.id}> wins!`);
		});

		it('GIVEN a stranger presses a challenge button THEN they are refused privately and the match goes on', async () => {
			const run = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.alice,
				name: 'rps',
				options: { opponent: bot.bob, choice: 'paper' }
			});
			const challenge = await run.reply();
			expect((await run.followUp(0)).content).toContain('locked in: **paper**');
			expect(challenge.embeds[0]!.description).not.toMatch(/paper|📄/i);
			await collectorAttached();

			const intruder = await bot.double.clickButton({ message: challenge, customId: button(challenge, 'rock'), user: bot.owner });
			expect(await intruder.isEphemeral()).toBe(true);
			expect((await intruder.reply()).content).toContain(`between <@${bot.alice.id}> and <@${bot.bob.id}>`);

			const bobPress = await bot.double.clickButton({ message: challenge, customId: button(challenge, 'paper'), user: bot.bob });
			const description = (await bobPress.reply()).embeds[0]!.description!;
			expect(description).toContain("It's a draw!");
			expect(description).not.toContain(`<@${bot.owner.id}>`);
		});

		it('GIVEN alice presses twice THEN her first move stands', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rps', options: { opponent: bot.bob } });
			const challenge = await run.reply();
			await collectorAttached();
			await (await bot.double.clickButton({ message: challenge, customId: button(challenge, 'rock'), user: bot.alice })).reply();
			const again = await bot.double.clickButton({ message: challenge, customId: button(challenge, 'paper'), user: bot.alice });
			expect((await again.reply()).content).toContain('already chose 🪨 Rock');
			const bobPress = await bot.double.clickButton({ message: challenge, customId: button(challenge, 'paper'), user: bot.bob });
			expect((await bobPress.reply()).embeds[0]!.description).toContain(`<@${bot.bob.id}> wins!`);
		});

		it('GIVEN alice challenges herself THEN she is refused privately', async () => {
			const self = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rps', options: { opponent: bot.alice } });
			expect(await self.isEphemeral()).toBe(true);
			expect(text((await self.reply()).embeds[0])).toContain('cannot challenge yourself');
		});

		it('GIVEN !tika rps rock @bob THEN the typed move is ignored and both pick with buttons', async () => {
			await bot.general.send(bot.alice, `!tika rps rock <@${bot.bob.id}>`);
			const challenge = await bot.double.waitForMessage({ channel: bot.general });
			expect(text(challenge.embeds[0])).toContain('typed move was public');
			expect(text(challenge.embeds[0])).toContain(`<@${bot.alice.id}>: ⏳ choosing…`);
			await collectorAttached();
			await (await bot.double.clickButton({ message: challenge, customId: button(challenge, 'scissors'), user: bot.alice })).reply();
			const bobPress = await bot.double.clickButton({ message: challenge, customId: button(challenge, 'rock'), user: bot.bob });
			const description = (await bobPress.reply()).embeds[0]!.description!;
			expect(moveOf(description, `<@${bot.alice.id}>`)).toBe('scissors');
			expect(description).toContain(`<@${bot.bob.id}> wins!`);
		});

		it('GIVEN bob never answers THEN the challenge expires visibly, naming him, without revealing the move alice made', async () => {
			const previous = rpsSettings.timeoutMs;
			rpsSettings.timeoutMs = 600;
			try {
				const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rps', options: { opponent: bot.bob } });
				const challenge = await run.reply();
				await collectorAttached();
				await (await bot.double.clickButton({ message: challenge, customId: button(challenge, 'rock'), user: bot.alice })).reply();
				await bot.double.waitForRequest(
					(request) =>
						request.method === 'PATCH' &&
						request.path.endsWith(`/messages/${challenge.id}`) &&
						publicText(request).includes('did not choose'),
					{ includeExisting: true }
				);
				const expired = bot.double.message(challenge.id)!;
				expect(expired.components ?? []).toHaveLength(0);
				expect(text(expired.embeds[0])).toContain(`<@${bot.bob.id}> did not choose in time`);
				expect(expired.embeds[0]!.description).not.toMatch(/rock|🪨/i);
			} finally {
				rpsSettings.timeoutMs = previous;
			}
		});
	});
});
