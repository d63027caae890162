import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PERSONALITY_PATH, getPersonality, setPersonality } from '#shared/personality/default';
import { FrustrationTracker } from '#shared/personality/FrustrationTracker';
import { loadPersonality, parsePersonality, PersonalityFileError } from '#shared/personality/loader';
import { Personality, tierForLevel } from '#shared/personality/Personality';
import { PLACEHOLDERS, RESPONSE_CATEGORIES, TIERS, type PersonalityTable } from '#shared/personality/types';

const REPO_ROOT = resolve(__dirname, '../../..');
const shipped = loadPersonality(join(REPO_ROOT, 'assets/templates/personality.yml'));

/** A tracker whose levels the test sets directly. */
function trackerAt(levels: Record<string, number>): FrustrationTracker {
	const tracker = new FrustrationTracker({ now: () => 0 });
	jest.spyOn(tracker, 'level').mockImplementation((userId) => levels[userId] ?? 0);
	return tracker;
}

/** A random source that always picks the first candidate. */
const first = () => 0;

describe('tierForLevel', () => {
	it('follows the seed: above 3 is frustrated, above 1 is repeated, the rest is base', () => {
		expect([0, 1, 2, 3, 4, 5].map(tierForLevel)).toEqual(['base', 'base', 'repeated', 'repeated', 'frustrated', 'frustrated']);
	});
});

describe('Personality', () => {
	const tracker = trackerAt({ calm: 0, annoyed: 2, fedup: 5 });
	const personality = new Personality(shipped, { tracker });

	it('answers a calm user from the base table', () => {
		expect(personality.lines('success', 'base')).toContain(personality.respond('success', { userId: 'calm', sassLevel: 'full' }));
	});

	it('answers a user at level 2 from the repeated table', () => {
		expect(personality.lines('success', 'repeated')).toContain(personality.respond('success', { userId: 'annoyed', sassLevel: 'full' }));
	});

	it('answers a user above level 3 from the frustrated table', () => {
		expect(personality.lines('success', 'frustrated')).toContain(personality.respond('success', { userId: 'fedup', sassLevel: 'full' }));
	});

	it('answers at base tier when nobody is named', () => {
		expect(personality.tierFor(undefined, 'full')).toBe('base');
	});

	it('never goes past repeated on the mild sass level', () => {
		expect(personality.tierFor('fedup', 'mild')).toBe('repeated');
		expect(personality.lines('success', 'repeated')).toContain(personality.respond('success', { userId: 'fedup', sassLevel: 'mild' }));
	});

	it('answers with plain, polite lines when sass is off, however frustrated the user', () => {
		expect(personality.tierFor('fedup', 'off')).toBe('plain');
		expect(personality.respond('cooldown', { userId: 'fedup', sassLevel: 'off', vars: { seconds: 12 } })).toMatch(
			/^This command is on cooldown\./
		);
	});

	it('fills placeholders from vars', () => {
		const table = parsePersonality(tableYaml({ cooldown: { base: ['Wait {seconds}s, {user}.', 'Wait.'] } }));
		const voice = new Personality(table, { tracker: trackerAt({}) });
		expect(voice.respond('cooldown', { userId: '42', sassLevel: 'full', vars: { seconds: 5 }, random: first })).toBe('Wait 5s, <@42>.');
	});

	it('lets the caller name the user instead of mentioning them', () => {
		const table = parsePersonality(tableYaml({ greeting: { base: ['Hi {user}.', 'Hi.'] } }));
		const voice = new Personality(table, { tracker: trackerAt({}) });
		expect(voice.respond('greeting', { userId: '42', sassLevel: 'full', vars: { user: 'Sam' }, random: first })).toBe('Hi Sam.');
	});

	it('skips lines whose placeholders the caller cannot fill', () => {
		const table = parsePersonality(tableYaml({ cooldown: { base: ['Wait {seconds}s.', 'Wait a bit.'] } }));
		const voice = new Personality(table, { tracker: trackerAt({}) });
		for (let i = 0; i < 10; i++) expect(voice.respond('cooldown', { sassLevel: 'full', random: Math.random })).toBe('Wait a bit.');
	});

	it('never says the same line twice in a row to the same user in the same category', () => {
		const voice = new Personality(shipped, { tracker: trackerAt({}) });
		let previous = '';
		for (let i = 0; i < 200; i++) {
			const line = voice.respond('error', { userId: 'u', sassLevel: 'full' });
			expect(line).not.toBe(previous);
			previous = line;
		}
	});

	it('remembers the last line per user, so another user may hear the same line', () => {
		const voice = new Personality(shipped, { tracker: trackerAt({}) });
		const a = voice.respond('error', { userId: 'a', sassLevel: 'full', random: first });
		expect(voice.respond('error', { userId: 'b', sassLevel: 'full', random: first })).toBe(a);
		expect(voice.respond('error', { userId: 'a', sassLevel: 'full', random: first })).not.toBe(a);
	});

	it('still lands on a real line when the random source returns 1', () => {
		const voice = new Personality(shipped, { tracker: trackerAt({}) });
		expect(voice.lines('success', 'base')).toContain(voice.respond('success', { sassLevel: 'full', random: () => 1 }));
	});
});

describe('the shipped personality file', () => {
	it('defines every category with plain lines and four or more lines per tier', () => {
		for (const category of RESPONSE_CATEGORIES) {
			expect(shipped[category].plain.length).toBeGreaterThanOrEqual(1);
			for (const tier of TIERS) expect(shipped[category][tier].length).toBeGreaterThanOrEqual(4);
		}
	});

	it("keeps the seed's lines word for word", () => {
		const text = (table: PersonalityTable[keyof PersonalityTable]['base']) => table.map((line) => line.text);
		expect(text(shipped.success.base)).toEqual(expect.arrayContaining(['Done.', "Fine, it's finished.", 'There, happy now?']));
		expect(text(shipped.success.repeated)).toEqual(expect.arrayContaining(['Again? Whatever.', 'Yes, yes, I did it.', 'Are we done yet?']));
		expect(text(shipped.success.frustrated)).toEqual(expect.arrayContaining(["I'm getting tired of this.", 'How many times?', 'Seriously?']));
		expect(text(shipped.error.base)).toEqual(expect.arrayContaining(['Something went wrong.', "That didn't work.", "There's a problem."]));
		expect(text(shipped.user_fault.base)).toEqual(expect.arrayContaining(["That's not my fault.", 'Check what you typed.', 'You messed up.']));
		expect(text(shipped.permission.base)).toEqual(expect.arrayContaining(["I can't do that.", 'Missing permissions.', 'Not allowed.']));
	});

	it('teases behaviour and never calls anyone names', () => {
		const insults = /\b(stupid|idiot|dumb|moron|ugly|fat|loser|pathetic|brain|clown|useless|worthless|retard\w*|crazy|insane)\b/i;
		for (const category of RESPONSE_CATEGORIES) {
			for (const tier of ['plain', ...TIERS] as const) {
				for (const line of shipped[category][tier]) expect(line.text).not.toMatch(insults);
			}
		}
	});

	it('is found from the source tree and from the build alike', () => {
		expect(DEFAULT_PERSONALITY_PATH).toBe(join(REPO_ROOT, 'assets/templates/personality.yml'));
		expect(existsSync(DEFAULT_PERSONALITY_PATH)).toBe(true);
		// dist/shared/personality/default.js sits at the same depth as src/shared/personality/default.ts.
		expect(join(REPO_ROOT, 'dist/shared/personality', '../../../assets/templates/personality.yml')).toBe(DEFAULT_PERSONALITY_PATH);
	});
});

describe('getPersonality', () => {
	afterEach(() => setPersonality(null));

	it('loads the shipped file once and hands out the same instance', () => {
		const personality = getPersonality();
		expect(getPersonality()).toBe(personality);
		expect(personality.lines('success', 'base')).toContain('Done.');
	});

	it('hands out a personality installed with setPersonality', () => {
		const mine = new Personality(shipped);
		setPersonality(mine);
		expect(getPersonality()).toBe(mine);
	});
});

describe('parsePersonality', () => {
	it('accepts a complete table', () => {
		expect(() => parsePersonality(tableYaml())).not.toThrow();
	});

	it('accepts a single plain line written as a string', () => {
		const table = parsePersonality(tableYaml({ success: { plain: 'Done.' } }));
		expect(table.success.plain.map((line) => line.text)).toEqual(['Done.']);
	});

	it('names a missing category', () => {
		expect(() => parsePersonality(tableYaml({ cooldown: undefined }))).toThrow(/category cooldown is missing/);
	});

	it('names an unknown category, which is usually a typo', () => {
		expect(() => parsePersonality(tableYaml({ cooldwn: { base: ['x'] } }))).toThrow(/"cooldwn" is not a category/);
	});

	it('names the category and tier of an empty table', () => {
		expect(() => parsePersonality(tableYaml({ cooldown: { frustrated: [] } }))).toThrow(
			/cooldown\.frustrated must be a list of at least one line \(got an empty list\)/
		);
	});

	it('names the category and tier of a missing table', () => {
		expect(() => parsePersonality(tableYaml({ error: { repeated: undefined } }))).toThrow(
			/error\.repeated must be a list of at least one line \(got nothing\)/
		);
	});

	it('names an unknown tier', () => {
		expect(() => parsePersonality(tableYaml({ success: { angry: ['Grr.'] } }))).toThrow(/success\.angry is not a tier/);
	});

	it('names the line that is not text', () => {
		expect(() => parsePersonality(tableYaml({ greeting: { base: ['Hi.', 42] } }))).toThrow(
			/greeting\.base\[1\] must be a non-empty line of text \(got 42\)/
		);
	});

	it('names an unknown placeholder and lists the known ones', () => {
		expect(() => parsePersonality(tableYaml({ cooldown: { base: ['Wait {secnds}s.', 'Wait.'] } }))).toThrow(
			new RegExp(`cooldown\\.base\\[0\\] uses unknown placeholder \\{secnds\\} \\(known: ${PLACEHOLDERS.join(', ')}\\)`)
		);
	});

	it('insists on a line without placeholders in every table', () => {
		expect(() => parsePersonality(tableYaml({ cooldown: { base: ['Wait {seconds}s.'] } }))).toThrow(
			/cooldown\.base needs at least one line without placeholders/
		);
	});

	it('reports every problem at once', () => {
		expect(() => parsePersonality(tableYaml({ success: { base: [] }, error: undefined }))).toThrow(/success\.base .*; category error is missing/);
	});

	it('points at the line of a YAML syntax error', () => {
		expect(() => parsePersonality('success:\n  base: [unclosed\n', 'mine.yml')).toThrow(/mine\.yml: YAML syntax error at line \d+/);
	});

	it('refuses a file that is not a mapping of categories', () => {
		expect(() => parsePersonality('- just\n- a list\n')).toThrow(PersonalityFileError);
	});

	it('names the file it cannot read', () => {
		expect(() => loadPersonality('/nowhere/personality.yml')).toThrow(/Cannot read personality file \/nowhere\/personality\.yml \(ENOENT\)/);
	});
});

type TableOverrides = Record<string, Record<string, unknown> | undefined>;

/** A valid personality YAML, with some categories or tables replaced (undefined removes them). */
function tableYaml(overrides: TableOverrides = {}): string {
	const root: Record<string, unknown> = {};
	for (const category of RESPONSE_CATEGORIES) {
		if (category in overrides && overrides[category] === undefined) continue;
		const table: Record<string, unknown> = { plain: ['Plain.'], base: ['Base.'], repeated: ['Repeated.'], frustrated: ['Frustrated.'] };
		for (const [tier, lines] of Object.entries(overrides[category] ?? {})) {
			if (lines === undefined) delete table[tier];
			else table[tier] = lines;
		}
		root[category] = table;
	}
	for (const [key, value] of Object.entries(overrides)) if (!(key in root) && value !== undefined) root[key] = value;
	// JSON is valid YAML, and keeps these fixtures free of indentation mistakes.
	return JSON.stringify(root);
}
