import {
	findBlockedWord,
	looksLikeStaff,
	normaliseForMatching,
	parseRoleColour,
	ROLE_NAME_MAX,
	validateRoleName
} from '#plugins/customization/lib/validation';

describe('staff imitation', () => {
	it.each([
		'Admin',
		'ADMINS',
		'Moderator',
		'mod',
		'Staff',
		'Owner',
		'Co-Owner',
		'Head Mod',
		'headmod',
		'Trial Moderator',
		'Server Admin',
		'Founder'
	])('GIVEN %p THEN it is detected as staff-like', (name) => expect(looksLikeStaff(name)).toBe(true));

	it.each(['A D M I N', 'm.o.d', '4dm1n', 'Aaadmiiin', 'ＡＤＭＩＮ', 'аdmin' /* Cyrillic а */, 'ad\u200Bmin', 'Ádmín', 'm0d3r4t0r'])(
		'GIVEN a disguised %p THEN it is still detected',
		(name) => expect(looksLikeStaff(name)).toBe(true)
	);

	it.each(['Model', 'Modern Art', 'Badminton Fan', 'Downer', 'Moody', 'Tea Lover', 'Staffordshire', 'Night Owl'])(
		'GIVEN an innocent %p that merely contains letters of a staff word THEN it passes',
		(name) => expect(looksLikeStaff(name)).toBe(false)
	);
});

describe('name normalisation', () => {
	it('GIVEN styled, accented, leet and look-alike text THEN it becomes plain lower-case words', () => {
		expect(normaliseForMatching('Ｈéllo_W0rld...')).toBe('hello world');
	});
});

describe('blocked words', () => {
	it('GIVEN a name with a built-in blocked word, even disguised THEN it is found', () => {
		expect(findBlockedWord('I love n4zis')).toBe('nazi');
		expect(findBlockedWord('hitlerfan')).toBe('hitler');
	});

	it('GIVEN short blocked words inside innocent words THEN they do not match', () => {
		expect(findBlockedWord('Spice Girl')).toBeNull();
	});

	it('GIVEN extra words from the server filter THEN they are blocked too', () => {
		expect(findBlockedWord('pineapple pizza', ['pineapple'])).toBe('pineapple');
		expect(findBlockedWord('pineapple pizza')).toBeNull();
	});
});

describe('role name validation', () => {
	it('GIVEN a good name with extra spaces THEN it is accepted, tidied', () => {
		expect(validateRoleName('  Tea   Lover 🍵 ')).toEqual({ ok: true, value: 'Tea Lover 🍵' });
	});

	it('GIVEN an empty name or only invisible characters THEN it is refused', () => {
		expect(validateRoleName('   ').ok).toBe(false);
		expect(validateRoleName('\u200B\u200B').ok).toBe(false);
	});

	it(`GIVEN a name over ${ROLE_NAME_MAX} characters THEN it is refused with the length`, () => {
		const result = validateRoleName('x'.repeat(ROLE_NAME_MAX + 1));
		expect(!result.ok && result.error).toContain(String(ROLE_NAME_MAX));
		expect(validateRoleName('x'.repeat(ROLE_NAME_MAX)).ok).toBe(true);
	});

	it.each(['@everyone fan', 'hi @here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '@Alice'])(
		'GIVEN a mention %p THEN it is refused',
		(name) => {
			const result = validateRoleName(name);
			expect(!result.ok && result.error).toContain('mention');
		}
	);

	it('GIVEN a staff-like name THEN the refusal says it looks like staff', () => {
		const result = validateRoleName('Moderator');
		expect(!result.ok && result.error).toContain('staff');
	});

	it('GIVEN a blocked word THEN the refusal does not repeat the word', () => {
		const result = validateRoleName('nazi');
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error).not.toContain('nazi');
	});

	it('GIVEN control characters THEN the name is refused', () => {
		expect(validateRoleName('bad\u0007name').ok).toBe(false);
	});

	it.each([
		['a right-to-left override that shows "AADMIN"', 'A\u202ENIMDA'],
		['an override around an innocent name', '\u202ETea Lover\u202C'],
		['a right-to-left isolate', 'Mod\u2067erator\u2069'],
		['a right-to-left mark', 'Tea Lover\u200F']
	])('GIVEN %s THEN the name is refused for its text-direction characters', (_name, name) => {
		const result = validateRoleName(name);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error).toContain('text-direction');
	});

	it.each(['＠everyone', '﹫here party', '@еveryone' /* Cyrillic е */, '＠Alice'])(
		'GIVEN a mention %p in look-alike characters THEN it is refused as a mention',
		(name) => {
			const result = validateRoleName(name);
			expect(!result.ok && result.error).toContain('mention');
		}
	);

	it.each(['Ａｄｍｉｎ', 'M0D', 'ＭＯＤＳ', 'Ѕtaff' /* Cyrillic Ѕ */, 'Оwner' /* Cyrillic О */, 'He1per', '0wn3r$'])(
		'GIVEN the look-alike %p THEN the refusal says it looks like staff',
		(name) => {
			const result = validateRoleName(name);
			expect(!result.ok && result.error).toContain('staff');
		}
	);
});

describe('role colours', () => {
	it('GIVEN #RRGGBB THEN it parses', () => {
		expect(parseRoleColour('#57F287')).toEqual({ ok: true, value: 0x57f287 });
	});

	it("GIVEN pure black THEN it becomes #010101, because #000000 is Discord's 'no colour'", () => {
		expect(parseRoleColour('#000000')).toEqual({ ok: true, value: 0x010101 });
	});

	it('GIVEN a colour name THEN it is refused with the expected form', () => {
		const result = parseRoleColour('blue');
		expect(!result.ok && result.error).toContain('#RRGGBB');
	});
});
