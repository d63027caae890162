import { EmbedBuilder } from 'discord.js';
import { FrustrationTracker } from '#shared/personality/FrustrationTracker';
import { parsePersonality } from '#shared/personality/loader';
import { Personality } from '#shared/personality/Personality';
import { RESPONSE_CATEGORIES } from '#shared/personality/types';
import { Colors } from '#shared/ui/colors';
import { configureUi, SmartEmbed, TikaEmbed, tikaEmbed } from '#shared/ui/embeds';
import { clampEmbedData, EmbedLimits, embedTextLength, truncate } from '#shared/ui/limits';

/** A personality whose every table holds one line naming its category and tier, so tests can see which was used. */
function labelledPersonality(levels: Record<string, number> = {}) {
	const root: Record<string, unknown> = {};
	for (const category of RESPONSE_CATEGORIES) {
		root[category] = {
			plain: [`${category} plain`],
			base: [`${category} base`],
			repeated: [`${category} repeated`],
			frustrated: [`${category} frustrated`]
		};
	}
	const tracker = new FrustrationTracker({ now: () => 0 });
	jest.spyOn(tracker, 'level').mockImplementation((userId) => levels[userId] ?? 0);
	return new Personality(parsePersonality(JSON.stringify(root)), { tracker });
}

describe('SmartEmbed', () => {
	afterEach(() => configureUi({ botName: 'Tika' }));

	it('makes success embeds green with a check mark', () => {
		const embed = SmartEmbed.success('Saved', 'Your settings are saved.').toJSON();
		expect(embed).toMatchObject({ title: '✅ Saved', description: 'Your settings are saved.', color: Colors.success });
	});

	it('gives every kind its own colour from the palette', () => {
		expect(SmartEmbed.info('Heads up').toJSON()).toMatchObject({ title: 'ℹ️ Heads up', color: Colors.info });
		expect(SmartEmbed.warning('Careful').toJSON()).toMatchObject({ title: '⚠️ Careful', color: Colors.warning });
		expect(SmartEmbed.error('Broken', undefined, { personality: labelledPersonality() }).toJSON().color).toBe(Colors.error);
		expect(SmartEmbed.featureDisabled('music').toJSON().color).toBe(Colors.disabled);
	});

	it('signs every embed with the same footer', () => {
		const footers = [
			SmartEmbed.success('a'),
			SmartEmbed.info('b'),
			SmartEmbed.warning('c'),
			SmartEmbed.error('d', null, { personality: labelledPersonality() }),
			SmartEmbed.featureDisabled('e')
		].map((embed) => embed.toJSON().footer?.text);
		expect(footers).toEqual(['Tika', 'Tika', 'Tika', 'Tika', 'Tika']);
	});

	it('takes the bot name from an argument or from configureUi', () => {
		expect(SmartEmbed.success('a', null, { botName: 'Tika Beta' }).toJSON().footer?.text).toBe('Tika Beta');
		configureUi({ botName: 'Nika' });
		expect(SmartEmbed.info('a').toJSON().footer?.text).toBe('Nika');
	});

	it('leaves out the description when there is none', () => {
		expect(SmartEmbed.success('Done').toJSON().description).toBeUndefined();
	});

	it('titles an error with a personality line and keeps what went wrong in bold below it', () => {
		const embed = SmartEmbed.error('Invalid duration', 'Use a format like 10m.', { personality: labelledPersonality() }).toJSON();
		expect(embed.title).toBe('❌ error base');
		expect(embed.description).toBe('**Invalid duration**\nUse a format like 10m.');
	});

	it("matches the error's tone to the user's frustration and the guild's sass level", () => {
		const personality = labelledPersonality({ fedup: 5 });
		expect(SmartEmbed.error('x', null, { personality, userId: 'fedup' }).toJSON().title).toBe('❌ error frustrated');
		expect(SmartEmbed.error('x', null, { personality, userId: 'fedup', sassLevel: 'mild' }).toJSON().title).toBe('❌ error repeated');
		expect(SmartEmbed.error('x', null, { personality, userId: 'fedup', sassLevel: 'off' }).toJSON().title).toBe('❌ error plain');
	});

	it('takes the error line from a more specific category when asked', () => {
		expect(SmartEmbed.error('x', null, { personality: labelledPersonality(), category: 'cooldown' }).toJSON().title).toBe('❌ cooldown base');
	});

	it('never puts a mention in an error title, where Discord would not render it', () => {
		const table = JSON.parse(
			JSON.stringify(Object.fromEntries(RESPONSE_CATEGORIES.map((c) => [c, { plain: ['p'], base: ['b'], repeated: ['r'], frustrated: ['f'] }])))
		);
		table.error.base = ['Calm down, {user}.', 'Something went wrong.'];
		const personality = new Personality(parsePersonality(JSON.stringify(table)), { random: () => 0 });
		for (let i = 0; i < 5; i++)
			expect(SmartEmbed.error('x', null, { personality, userId: '42' }).toJSON().title).toBe('❌ Something went wrong.');
	});

	it("uses the seed's wording for a disabled feature", () => {
		const embed = SmartEmbed.featureDisabled('interactive_games').toJSON();
		expect(embed.title).toBe('Feature Disabled');
		expect(embed.description).toBe('The **interactive_games** feature is currently disabled. An admin can enable it using `/features toggle`.');
	});

	it('tells someone who can manage features exactly what to run', () => {
		const embed = SmartEmbed.featureDisabled('ai_chat', { canManage: true }).toJSON();
		expect(embed.description).toBe('The **ai_chat** feature is currently disabled. You can enable it using `/features toggle ai_chat`.');
	});

	it('clamps an over-long title and description instead of throwing', () => {
		const embed = SmartEmbed.info('t'.repeat(1_000), 'd'.repeat(10_000)).toJSON();
		expect(embed.title).toHaveLength(EmbedLimits.title);
		expect(embed.title!.endsWith('…')).toBe(true);
		expect(embed.description).toHaveLength(EmbedLimits.description);
	});
});

describe('TikaEmbed', () => {
	const field = (value: string, name = 'name') => ({ name, value });

	it('clamps field names and values instead of throwing', () => {
		const embed = new TikaEmbed().addFields(field('v'.repeat(2_000), 'n'.repeat(500))).toJSON();
		expect(embed.fields![0]!.name).toHaveLength(EmbedLimits.fieldName);
		expect(embed.fields![0]!.value).toHaveLength(EmbedLimits.fieldValue);
	});

	it('fills empty field names and values with a blank Discord accepts', () => {
		expect(new TikaEmbed().addFields(field('', '')).toJSON().fields).toEqual([{ name: '\u200b', value: '\u200b' }]);
	});

	it('keeps the first 25 fields when given more', () => {
		const embed = new TikaEmbed().addFields(Array.from({ length: 10 }, (_, i) => field(`${i}`)));
		embed.addFields(Array.from({ length: 30 }, (_, i) => field(`${10 + i}`)));
		const fields = embed.toJSON().fields!;
		expect(fields).toHaveLength(25);
		expect(fields.at(-1)!.value).toBe('24');
		expect(new TikaEmbed().setFields(Array.from({ length: 40 }, (_, i) => field(`${i}`))).toJSON().fields).toHaveLength(25);
	});

	it('splices fields without going past 25', () => {
		const embed = new TikaEmbed().addFields(Array.from({ length: 24 }, (_, i) => field(`${i}`)));
		embed.spliceFields(0, 1, field('a'), field('b'), field('c'));
		const fields = embed.toJSON().fields!;
		expect(fields).toHaveLength(25);
		expect(fields.slice(0, 2).map((f) => f.value)).toEqual(['a', 'b']);
	});

	it('keeps the whole embed within 6000 characters, shortening the description first', () => {
		const embed = tikaEmbed('brand')
			.setTitle('Leaderboard')
			.setDescription('d'.repeat(4_000))
			.addFields(Array.from({ length: 5 }, (_, i) => field('v'.repeat(1_000), `field ${i}`)));
		const json = embed.toJSON();
		expect(embedTextLength(json)).toBeLessThanOrEqual(EmbedLimits.total);
		expect(json.fields).toHaveLength(5);
		expect(json.description!.length).toBeLessThan(4_000);
	});

	it('drops trailing fields when the description alone cannot make room', () => {
		const json = clampEmbedData({
			title: 't',
			fields: Array.from({ length: 25 }, (_, i) => field('v'.repeat(1_024), `field ${i}`))
		});
		expect(embedTextLength(json)).toBeLessThanOrEqual(EmbedLimits.total);
		expect(json.fields!.length).toBeLessThan(25);
		expect(json.fields![0]!.name).toBe('field 0');
	});

	it('is sent clamped, because discord.js serialises it with toJSON', () => {
		const embed = new TikaEmbed({ description: 'x'.repeat(5_000) });
		expect(embed).toBeInstanceOf(EmbedBuilder);
		expect(embed.toJSON().description).toHaveLength(EmbedLimits.description);
	});
});

describe('truncate', () => {
	it('leaves text within the limit alone', () => {
		expect(truncate('hello', 5)).toBe('hello');
	});

	it('ends shortened text with an ellipsis and keeps to the limit', () => {
		expect(truncate('hello world', 6)).toBe('hello…');
	});

	it('never cuts an emoji in half', () => {
		const cut = truncate(`abcd😀xyz`, 6);
		expect(cut).toBe('abcd…');
	});
});
