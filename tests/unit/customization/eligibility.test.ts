import { checkEligibility } from '#plugins/customization/lib/eligibility';
import { positionsUnderAnchor } from '#plugins/customization/lib/positions';

const settings = (boosters: boolean, minLevel: number | null) => ({ boosters, minLevel });

describe('custom role eligibility', () => {
	it('GIVEN boosters are eligible WHEN a booster asks THEN they are eligible via boosting', () => {
		expect(checkEligibility({ settings: settings(true, null), isBooster: true, level: null })).toEqual({ eligible: true, via: 'booster' });
	});

	it('GIVEN boosters only WHEN a non-booster asks THEN they are told it is a booster perk', () => {
		const result = checkEligibility({ settings: settings(true, null), isBooster: false, level: 50 });
		expect(result).toMatchObject({ eligible: false, reason: 'not_booster' });
	});

	it('GIVEN level 10 WHEN a level 12 member asks THEN they are eligible via level', () => {
		expect(checkEligibility({ settings: settings(false, 10), isBooster: false, level: 12 })).toEqual({ eligible: true, via: 'level' });
		expect(checkEligibility({ settings: settings(false, 10), isBooster: false, level: 10 })).toEqual({ eligible: true, via: 'level' });
	});

	it('GIVEN level 10 WHEN a level 3 member asks THEN the refusal names both levels', () => {
		const result = checkEligibility({ settings: settings(false, 10), isBooster: true, level: 3 });
		expect(result).toMatchObject({ eligible: false, reason: 'level_too_low' });
		expect(!result.eligible && result.message).toContain('level 3');
		expect(!result.eligible && result.message).toContain('level 10');
	});

	it('GIVEN boosters or level 10 WHEN a low-level non-booster asks THEN both routes are mentioned', () => {
		const result = checkEligibility({ settings: settings(true, 10), isBooster: false, level: 2 });
		expect(result).toMatchObject({ eligible: false, reason: 'not_booster_nor_level' });
		expect(!result.eligible && result.message).toMatch(/Boosting/);
	});

	it('GIVEN a level requirement WHEN progression is off (level unknown) THEN levels do not count', () => {
		expect(checkEligibility({ settings: settings(false, 10), isBooster: false, level: null })).toMatchObject({
			eligible: false,
			reason: 'closed'
		});
		expect(checkEligibility({ settings: settings(true, 10), isBooster: false, level: null })).toMatchObject({
			eligible: false,
			reason: 'not_booster'
		});
	});

	it('GIVEN nothing enabled THEN nobody is eligible and admins are pointed to the config', () => {
		const result = checkEligibility({ settings: settings(false, null), isBooster: true, level: 99 });
		expect(result).toMatchObject({ eligible: false, reason: 'closed' });
		expect(!result.eligible && result.message).toContain('/customrole config');
	});
});

describe('placing a role under the anchor', () => {
	const roles = [
		{ id: '1', position: 0 }, // @everyone
		{ id: '10', position: 1 },
		{ id: '11', position: 2 },
		{ id: '12', position: 3 }, // anchor
		{ id: '13', position: 4 }
	];

	it('GIVEN a new role at the bottom THEN it moves directly under the anchor and the roles in between shift down', () => {
		const all = [...roles, { id: '99', position: 1 }];
		const changes = positionsUnderAnchor(all, '99', '12');
		const final = new Map(all.map((role) => [role.id, role.position]));
		for (const change of changes) final.set(change.id, change.position);
		const order = [...final.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
		expect(order).toEqual(['1', '10', '11', '99', '12', '13']);
		expect(final.get('99')).toBe(final.get('12')! - 1);
	});

	it('GIVEN the role is already directly under the anchor THEN nothing changes', () => {
		const all = [
			{ id: '1', position: 0 },
			{ id: '99', position: 1 },
			{ id: '12', position: 2 }
		];
		expect(positionsUnderAnchor(all, '99', '12')).toEqual([]);
	});

	it('GIVEN an unknown anchor THEN nothing is moved', () => {
		expect(positionsUnderAnchor(roles, '10', 'nope')).toEqual([]);
	});
});
