import { readFileSync } from 'node:fs';
import { BACKGROUND_NAMES, backgroundPath, DEFAULT_ACCENT, parseHexColour, resolveTheme } from '#shared/images/theme';
import { parseProfileForm, PROFILE_MODAL_ID, profileModalSpec } from '#plugins/progression/lib/card/profileForm';
import { validateModalSpec } from '#shared/ui/modals';

describe('hex colour parsing', () => {
	it.each([
		['#ff8800', 0xff8800],
		['FF8800', 0xff8800],
		['  #Ff8800 ', 0xff8800],
		['#f80', 0xff8800],
		['0x00ff00', 0x00ff00],
		['#000000', 0]
	])('GIVEN %p THEN it parses to the colour', (input, value) => {
		expect(parseHexColour(input)).toEqual({ ok: true, value });
	});

	it.each(['red', '#ff88', '#ff88000', '#gg0000', '', '#', 'rgb(1,2,3)'])(
		'GIVEN %p THEN it is refused with a sentence showing the expected form',
		(input) => {
			const result = parseHexColour(input);
			expect(result.ok).toBe(false);
			expect(!result.ok && result.error).toContain('#RRGGBB');
		}
	);

	it('GIVEN a very long bad input THEN the error quotes only its start', () => {
		const result = parseHexColour('x'.repeat(500));
		expect(!result.ok && result.error.length).toBeLessThan(120);
	});
});

describe('card themes', () => {
	it('GIVEN no profile THEN the default accent and background apply', () => {
		expect(resolveTheme(null)).toEqual({ accent: DEFAULT_ACCENT, background: 'default' });
	});

	it('GIVEN a stored accent and preset THEN both are used', () => {
		expect(resolveTheme({ accentColor: 0x123456, cardBackground: 'ocean' })).toEqual({ accent: 0x123456, background: 'ocean' });
	});

	it('GIVEN a preset that no longer exists or an out-of-range colour THEN the defaults apply', () => {
		expect(resolveTheme({ accentColor: 0x1000000, cardBackground: 'vaporwave' })).toEqual({ accent: DEFAULT_ACCENT, background: 'default' });
		expect(resolveTheme({ accentColor: null, cardBackground: '__proto__' }).background).toBe('default');
	});

	it('GIVEN every preset THEN its image ships in assets/images/cards as a small WebP', () => {
		for (const name of BACKGROUND_NAMES) {
			const bytes = readFileSync(backgroundPath(name));
			expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
			expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
			expect(bytes.length).toBeLessThan(64 * 1024);
		}
	});
});

describe('the profile form', () => {
	it('GIVEN a stored profile THEN the modal is valid for Discord and pre-filled', () => {
		const spec = profileModalSpec({ bio: 'hi', pronouns: 'she/her', accentColor: 0x00ff00 });
		expect(spec.customId).toBe(PROFILE_MODAL_ID);
		expect(validateModalSpec(spec)).toEqual([]);
		expect(spec.fields.map((field) => field.value)).toEqual(['hi', 'she/her', '#00ff00']);
	});

	it('GIVEN good values THEN they become an update, blanks clearing their field', () => {
		expect(parseProfileForm({ bio: ' Tea lover ', pronouns: 'they /  them', accent: '#abc' })).toEqual({
			ok: true,
			update: { bio: 'Tea lover', pronouns: 'they / them', accentColor: 0xaabbcc }
		});
		expect(parseProfileForm({ bio: '', pronouns: '', accent: '' })).toEqual({
			ok: true,
			update: { bio: null, pronouns: null, accentColor: null }
		});
	});

	it('GIVEN a bad colour THEN the whole form is refused, naming the field', () => {
		const result = parseProfileForm({ bio: 'fine', pronouns: 'fine', accent: 'blurple' });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors).toEqual([expect.stringContaining('Accent colour')]);
	});

	it('GIVEN a bio over 190 characters or pronouns over 40 THEN both problems are reported', () => {
		const result = parseProfileForm({ bio: 'x'.repeat(191), pronouns: 'y'.repeat(41), accent: '' });
		expect(!result.ok && result.errors).toHaveLength(2);
	});

	it('GIVEN many blank lines in a bio THEN they are squeezed to one empty line', () => {
		const result = parseProfileForm({ bio: 'a\n\n\n\n\nb', pronouns: '', accent: '' });
		expect(result.ok && result.update.bio).toBe('a\n\nb');
	});
});
