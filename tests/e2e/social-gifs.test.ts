import { startTestBot, type TestBot } from '../support/harness';
import { allowedMentions, isLineOf, uploadedImage, uploads } from '../support/social';

/** Operators may list GIF URLs per action (plugins.settings.social.gifs); those actions then send a GIF, not a picture. */
describe('social plugin with GIFs listed in config.yml', () => {
	const HUGS = ['https://media.example.com/hug-1.gif', 'https://media.example.com/hug-2.gif'];
	let bot: TestBot;
	beforeAll(async () => {
		bot = await startTestBot({
			config: (config) => {
				config.plugins = { ...config.plugins, settings: { ...config.plugins.settings, social: { gifs: { hug: HUGS } } } };
			}
		});
	});
	afterAll(async () => {
		await bot?.stop();
	});

	it('GIVEN hug GIFs WHEN alice hugs bob THEN one of them is embedded, nothing is drawn, and the line and counter are there', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'hug', options: { member: bot.bob } });
		const reply = await run.reply();
		expect(HUGS).toContain(reply.embeds[0]!.image!.url);
		expect(uploads(bot, run)).toHaveLength(0);
		expect(reply.attachments).toHaveLength(0);
		const [line, counter] = reply.content.split('\n');
		expect(isLineOf('social_hug', line!)).toBe(true);
		expect(counter).toBe(`-# That is the first time **Alice** has hugged <@${bot.bob.id}>.`);
		expect(await allowedMentions(run)).toEqual({ parse: [], users: [bot.bob.id], replied_user: false });
	});

	it('GIVEN many hugs THEN the GIFs are picked at random, both eventually', async () => {
		const seen = new Set<string>();
		for (let attempt = 0; attempt < 40 && seen.size < HUGS.length; attempt++) {
			const run = await bot.double.userContextMenu({ channel: bot.general, user: bot.bob, name: 'Hug', target: bot.alice });
			seen.add((await run.reply()).embeds[0]!.image!.url);
		}
		expect([...seen].sort()).toEqual(HUGS);
	});

	it('GIVEN no pat GIFs WHEN alice pats bob THEN the pat is drawn as usual', async () => {
		const run = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'pat', options: { member: bot.bob } });
		const { file, image } = await uploadedImage(bot, run);
		expect(file.filename).toBe('pat.webp');
		expect(image.width).toBe(720);
	});
});
