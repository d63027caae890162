import { container } from '@sapphire/framework';
import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import type { APIEmbed } from 'discord-api-types/v10';
import type { InteractionHandle } from '../../src/playground/double/interactions';
import type { RecordedFile } from '../../src/playground/double/types';
import { getRankSnapshot } from '#plugins/progression/lib/api';
import { startTestBot, type TestBot } from '../support/harness';

/** The image the bot uploaded while answering `run` (from the multipart request that reached REST), decoded. */
async function uploadedCard(bot: TestBot, run: InteractionHandle): Promise<{ file: RecordedFile; image: Image }> {
	await run.reply();
	const request = bot.double.requests.filter((entry) => entry.path.includes(run.token) && entry.files.length > 0).at(-1);
	if (!request) throw new Error(`no upload for interaction ${run.id}`);
	const file = request.files[0]!;
	return { file, image: await loadImage(file.bytes) };
}

/** RGB of one pixel of a decoded image. */
function pixel(image: Image, x: number, y: number): [number, number, number] {
	const canvas = createCanvas(image.width, image.height);
	const ctx = canvas.getContext('2d');
	ctx.drawImage(image, 0, 0);
	const data = ctx.getImageData(x, y, 1, 1).data;
	return [data[0]!, data[1]!, data[2]!];
}

describe('rank and profile cards, end to end', () => {
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot();
	});
	afterAll(async () => {
		await bot?.stop();
	});

	it('GIVEN alice has no XP WHEN she runs /rank THEN a 960×320 WebP card is posted publicly and decodes', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank' });
		const { file, image } = await uploadedCard(bot, run);
		expect(file.filename).toBe('rank.webp');
		expect(file.bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
		expect([image.width, image.height]).toEqual([960, 320]);
		expect(await run.isEphemeral()).toBe(false);
		expect((await run.reply()).attachments).toHaveLength(1);
	});

	it("GIVEN bob WHEN alice runs /rank user:bob THEN bob's card is posted", async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank', options: { user: bot.bob } });
		const { image } = await uploadedCard(bot, run);
		expect(image.width).toBe(960);
		expect((await run.reply()).attachments[0]!.description).toContain('bob');
	});

	it("GIVEN bob chatted and alice did not WHEN both cards are drawn THEN bob's progress bar has started and alice's is empty", async () => {
		await bot.general.send(bot.bob, 'hello everyone, how is it going?');
		const deadline = Date.now() + 5_000;
		while ((await getRankSnapshot(bot.guild.id, bot.bob.id)).xp === 0) {
			if (Date.now() > deadline) throw new Error('bob earned no XP');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const snapshot = await getRankSnapshot(bot.guild.id, bot.bob.id);
		expect(snapshot).toMatchObject({ rank: 1, level: 0 });

		const bobCard = await uploadedCard(
			bot,
			await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank', options: { user: bot.bob } })
		);
		const aliceCard = await uploadedCard(bot, await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank' }));
		// The bar starts at x = 256, y = 250..278; any progress fills at least its first 28 px in the accent (default pink).
		const [r, g, b] = pixel(bobCard.image, 268, 264);
		// The fill's gradient starts at 75 % opacity over the dark panel: pink, a little dimmed.
		expect(r).toBeGreaterThan(170);
		expect(b).toBeGreaterThan(170);
		expect(g).toBeLessThan(140);
		const [emptyR] = pixel(aliceCard.image, 268, 264);
		expect(emptyR).toBeLessThan(120);
	});

	it('GIVEN a member named with CJK and emoji WHEN /rank shows them THEN the card still renders', async () => {
		const mei = bot.double.createUser({ username: 'mei', globalName: '小美 🌸✨ こんにちは' });
		bot.guild.addMember(mei, { nick: '小美 🎉 나비 👩‍💻' });
		const run = await bot.double.slashCommand({ channel: bot.general, user: mei, name: 'rank' });
		const { image } = await uploadedCard(bot, run);
		expect([image.width, image.height]).toEqual([960, 320]);
	});

	it('GIVEN the View Rank context menu WHEN alice uses it on bob THEN the same card is posted', async () => {
		const run = await bot.double.userContextMenu({ channel: bot.general, user: bot.alice, name: 'View Rank', target: bot.bob });
		const { file, image } = await uploadedCard(bot, run);
		expect(file.filename).toBe('rank.webp');
		expect([image.width, image.height]).toEqual([960, 320]);
	});

	it('GIVEN a bot WHEN alice asks for its rank THEN she is refused privately and no image is uploaded', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'rank', options: { user: bot.double.bot } });
		const reply = await run.reply();
		expect(await run.isEphemeral()).toBe(true);
		expect(reply.embeds[0]!.description).toContain('is a bot');
		expect(bot.double.requests.some((entry) => entry.path.includes(run.token) && entry.files.length > 0)).toBe(false);
	});

	it('GIVEN the context menu on a bot THEN it is refused the same way', async () => {
		const run = await bot.double.userContextMenu({ channel: bot.general, user: bot.alice, name: 'View Rank', target: bot.double.bot });
		expect((await run.reply()).embeds[0]!.description).toContain('is a bot');
		expect(await run.isEphemeral()).toBe(true);
	});

	describe('GIVEN bob edits his profile', () => {
		it('WHEN he runs /profile edit THEN a modal with bio, pronouns and accent colour opens', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.bob, name: 'profile', subcommand: 'edit' });
			const modal = await run.modal();
			expect(modal.custom_id).toBe('profile:edit');
			expect(JSON.stringify(modal.components)).toContain('"custom_id":"bio"');
			expect(JSON.stringify(modal.components)).toContain('"custom_id":"accent"');
		});

		it('WHEN he submits a bio, pronouns and #00ff00 THEN they are saved and his new card is shown privately with the green accent', async () => {
			const submit = await bot.double.submitModal({
				customId: 'profile:edit',
				user: bot.bob,
				channel: bot.general,
				fields: { bio: 'Tea, cats and 日本語 🍵', pronouns: 'he/him', accent: '#00ff00' }
			});
			const { image } = await uploadedCard(bot, submit);
			expect(await submit.isEphemeral()).toBe(true);
			const embed = (await submit.reply()).embeds[0] as APIEmbed;
			expect(embed.description).toContain('he/him');
			const stored = await container.prisma.userProfile.findUnique({ where: { userId: bot.bob.id } });
			expect(stored).toMatchObject({ bio: 'Tea, cats and 日本語 🍵', pronouns: 'he/him', accentColor: 0x00ff00 });
			// The avatar ring (between radius 89 and 96 around (136, 160)) is drawn in the accent colour.
			const [r, g, b] = pixel(image, 136, 160 - 92);
			expect(g).toBeGreaterThan(200);
			expect(r).toBeLessThan(60);
			expect(b).toBeLessThan(60);
		});

		it('WHEN he submits a bad colour THEN he is told what is wrong and nothing is saved, not even the bio', async () => {
			const submit = await bot.double.submitModal({
				customId: 'profile:edit',
				user: bot.bob,
				channel: bot.general,
				fields: { bio: 'A different bio', pronouns: 'they/them', accent: 'blurple' }
			});
			const reply = await submit.reply();
			expect(await submit.isEphemeral()).toBe(true);
			expect(reply.embeds[0]!.description).toContain('#RRGGBB');
			expect(reply.embeds[0]!.description).toContain('Nothing was changed');
			const stored = await container.prisma.userProfile.findUnique({ where: { userId: bot.bob.id } });
			expect(stored).toMatchObject({ bio: 'Tea, cats and 日本語 🍵', pronouns: 'he/him', accentColor: 0x00ff00 });
		});

		it('WHEN he opens /profile edit again THEN the modal is pre-filled with what is stored', async () => {
			const run = await bot.double.slashCommand({ channel: bot.general, user: bot.bob, name: 'profile', subcommand: 'edit' });
			const modal = JSON.stringify((await run.modal()).components);
			expect(modal).toContain('he/him');
			expect(modal).toContain('#00ff00');
		});

		it('WHEN alice runs /profile view user:bob THEN his themed card is posted', async () => {
			const run = await bot.double.slashCommand({
				channel: bot.general,
				user: bot.alice,
				name: 'profile',
				subcommand: 'view',
				options: { user: bot.bob }
			});
			const { image } = await uploadedCard(bot, run);
			expect([image.width, image.height]).toEqual([960, 320]);
			const [r, g] = pixel(image, 136, 160 - 92);
			expect(g).toBeGreaterThan(200);
			expect(r).toBeLessThan(60);
		});
	});

	describe('finally', () => {
		it('THEN no request hit an unknown route and nothing errored in the double', () => {
			expect(bot.double.unknownRoutes()).toEqual([]);
			expect(bot.double.errors).toEqual([]);
		});
	});
});
