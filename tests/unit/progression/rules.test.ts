import { parseConfigValue } from '../../../src/plugins/progression/lib/configOptions';
import { Cooldowns, effectiveMultiplier, renderTemplate, rewardPlan, rollXp } from '../../../src/plugins/progression/lib/rules';
import { DEFAULT_SETTINGS, validateSettings } from '../../../src/plugins/progression/lib/settings';

describe('multiplier rule', () => {
	const settings = { roleMultipliers: { booster: 2, vip: 1.5, muted: 0 }, channelMultipliers: { memes: 0.5, events: 3 } };

	it('GIVEN no multipliers THEN the multiplier is 1', () => {
		expect(effectiveMultiplier(settings, ['plain'], ['general'])).toBe(1);
	});
	it('GIVEN two roles with multipliers THEN only the highest counts', () => {
		expect(effectiveMultiplier(settings, ['vip', 'booster'], ['general'])).toBe(2);
	});
	it('GIVEN a role and a channel multiplier THEN they multiply', () => {
		expect(effectiveMultiplier(settings, ['booster'], ['memes'])).toBe(1);
		expect(effectiveMultiplier(settings, ['vip'], ['memes'])).toBe(0.75);
	});
	it('GIVEN a product above the cap THEN it is capped at 5', () => {
		expect(effectiveMultiplier(settings, ['booster'], ['events'])).toBe(5);
	});
	it('GIVEN a thread in a boosted channel THEN the thread, then its parent, supplies the channel multiplier', () => {
		expect(effectiveMultiplier(settings, [], ['thread-1', 'events'])).toBe(3);
	});
	it('GIVEN the roll THEN XP stays in range and is floored after the multiplier', () => {
		expect(rollXp(15, 25, 1, () => 0)).toBe(15);
		expect(rollXp(15, 25, 1, () => 0.9999)).toBe(25);
		expect(rollXp(15, 25, 1.5, () => 0)).toBe(22);
	});
});

describe('cooldown', () => {
	it('GIVEN a 60 s cooldown WHEN the same member chats at 0 s, 30 s and 61 s THEN only the first and last earn XP', () => {
		const cooldowns = new Cooldowns();
		expect(cooldowns.take('g', 'u', 60_000, 0)).toBe(true);
		expect(cooldowns.take('g', 'u', 60_000, 30_000)).toBe(false);
		expect(cooldowns.take('g', 'other', 60_000, 30_000)).toBe(true);
		expect(cooldowns.take('g', 'u', 60_000, 61_000)).toBe(true);
	});
	it('GIVEN members in two guilds THEN each guild has its own cooldown, and a sweep forgets only the expired', () => {
		const cooldowns = new Cooldowns();
		expect(cooldowns.take('g1', 'u', 60_000, 0)).toBe(true);
		expect(cooldowns.take('g2', 'u', 60_000, 10_000)).toBe(true);
		expect(cooldowns.take('g1', 'u', 60_000, 20_000)).toBe(false);
		expect(cooldowns.size).toBe(2);
		cooldowns.sweep(65_000, 60_000);
		expect(cooldowns.size).toBe(1);
		expect(cooldowns.take('g2', 'u', 60_000, 65_000)).toBe(false);
		expect(cooldowns.take('g1', 'u', 60_000, 65_000)).toBe(true);
		expect(cooldowns.size).toBe(2);
	});
	it('GIVEN cooldown 0 THEN every message counts', () => {
		const cooldowns = new Cooldowns();
		expect(cooldowns.take('g', 'u', 0, 0)).toBe(true);
		expect(cooldowns.take('g', 'u', 0, 0)).toBe(true);
	});
	it('GIVEN cooling() THEN it says what take() would refuse, and records nothing', () => {
		const cooldowns = new Cooldowns();
		expect(cooldowns.cooling('g', 'u', 60_000, 0)).toBe(false);
		expect(cooldowns.size).toBe(0);
		cooldowns.take('g', 'u', 60_000, 0);
		expect(cooldowns.cooling('g', 'u', 60_000, 30_000)).toBe(true);
		expect(cooldowns.cooling('g', 'other', 60_000, 30_000)).toBe(false);
		expect(cooldowns.cooling('g', 'u', 60_000, 60_000)).toBe(false);
		expect(cooldowns.cooling('g', 'u', 0, 1)).toBe(false);
		// Asking did not start anything: the first take after it still succeeds.
		expect(cooldowns.take('g', 'other', 60_000, 30_000)).toBe(true);
	});
});

describe('level-up template', () => {
	it('GIVEN every placeholder THEN each is filled and unknown ones stay', () => {
		expect(
			renderTemplate('{user} reached {level} and got {role} in {server} {unknown}', {
				user: '<@1>',
				level: 7,
				role: 'Regular',
				server: 'Tika Test'
			})
		).toBe('<@1> reached 7 and got Regular in Tika Test {unknown}');
	});
});

describe('reward plan', () => {
	const rewards = [
		{ roleId: 'r5', level: 5 },
		{ roleId: 'r10', level: 10 },
		{ roleId: 'r20', level: 20 }
	];
	it('GIVEN stack mode at level 12 THEN r5 and r10 are kept and r20 dropped', () => {
		expect(rewardPlan(rewards, 12, 'stack')).toEqual({ keep: ['r10', 'r5'], drop: ['r20'] });
	});
	it('GIVEN highest mode at level 12 THEN only r10 is kept', () => {
		expect(rewardPlan(rewards, 12, 'highest')).toEqual({ keep: ['r10'], drop: ['r5', 'r20'] });
	});
	it('GIVEN level 0 THEN every reward is dropped', () => {
		expect(rewardPlan(rewards, 0, 'stack').keep).toEqual([]);
	});
});

describe('config values', () => {
	it('GIVEN valid values THEN they become a settings patch', () => {
		expect(parseConfigValue('cooldown', '30')).toEqual({ cooldownSeconds: 30 });
		expect(parseConfigValue('curve', 'Linear')).toEqual({ curve: 'linear' });
		expect(parseConfigValue('announce-channel', '<#123456789012345678>')).toEqual({ announceChannelId: '123456789012345678' });
		expect(parseConfigValue('template', 'default')).toEqual({ template: null });
	});
	it('GIVEN invalid values THEN the error says what is expected', () => {
		expect(() => parseConfigValue('cooldown', 'soon')).toThrow(/whole number/);
		expect(() => parseConfigValue('announce', 'everywhere')).toThrow(/same, channel, dm, none/);
		expect(() => parseConfigValue('template', 'x'.repeat(501))).toThrow(/500/);
	});
	it('GIVEN inconsistent settings THEN validation names the problem', () => {
		expect(validateSettings(DEFAULT_SETTINGS)).toBeNull();
		expect(validateSettings({ ...DEFAULT_SETTINGS, xpMin: 30, xpMax: 20 })).toMatch(/cannot be above/);
		expect(validateSettings({ ...DEFAULT_SETTINGS, maxLevel: 5000 })).toMatch(/max level/);
		expect(validateSettings({ ...DEFAULT_SETTINGS, curve: 'flat', curveC: 0 })).toMatch(/at least 1/);
	});
});
