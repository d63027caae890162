import {
	DEFAULT_FILTER_SETTINGS,
	describeAction,
	exemptionOf,
	formatWindow,
	parseFilterSettings,
	parseWindow,
	type FilterSettings
} from '../../../src/plugins/moderation/lib/filter/settings';

const settings = (patch: Partial<FilterSettings> = {}): FilterSettings => ({ ...DEFAULT_FILTER_SETTINGS, ...patch });
const subject = { channelId: 'c1', parentIds: ['cat1'], roleIds: ['r1'], isModerator: false };

describe('word filter exemptions', () => {
	it('GIVEN default settings THEN moderators are exempt and everyone else is filtered', () => {
		expect(exemptionOf(settings(), { ...subject, isModerator: true })).toBe('moderator');
		expect(exemptionOf(settings(), subject)).toBeNull();
	});

	it('GIVEN the moderator exemption is off THEN moderators are filtered like everyone', () => {
		expect(exemptionOf(settings({ exemptModerators: false }), { ...subject, isModerator: true })).toBeNull();
	});

	it('GIVEN an exempt channel THEN messages there, and in its threads or under its category, are not filtered', () => {
		expect(exemptionOf(settings({ exemptChannels: ['c1'] }), subject)).toBe('channel');
		expect(exemptionOf(settings({ exemptChannels: ['cat1'] }), subject)).toBe('channel');
		expect(exemptionOf(settings({ exemptChannels: ['c2'] }), subject)).toBeNull();
	});

	it('GIVEN an exempt role THEN its members are not filtered', () => {
		expect(exemptionOf(settings({ exemptRoles: ['r1'] }), subject)).toBe('role');
		expect(exemptionOf(settings({ exemptRoles: ['r2'] }), subject)).toBeNull();
	});
});

describe('word filter settings', () => {
	it('GIVEN a missing or damaged document THEN the defaults (and only valid values) are read', () => {
		expect(parseFilterSettings(undefined)).toEqual(DEFAULT_FILTER_SETTINGS);
		expect(parseFilterSettings({ action: 'explode', strikes: 1e9, windowMs: -5, exemptRoles: ['12', 7, 'x'], exemptModerators: 'no' })).toEqual({
			...DEFAULT_FILTER_SETTINGS,
			strikes: 20,
			windowMs: 60_000,
			exemptRoles: ['12']
		});
	});

	it('GIVEN window texts THEN they read as durations, and print back the same way', () => {
		expect(parseWindow('30m')).toBe(30 * 60_000);
		expect(parseWindow('1d 12h')).toBe(36 * 3_600_000);
		expect(parseWindow('90')).toBe(90 * 60_000);
		expect(parseWindow('soon')).toBeNull();
		expect(formatWindow(36 * 3_600_000)).toBe('1d 12h');
	});

	it('GIVEN delete+detain THEN the action reads as "detain after N strikes within T"', () => {
		expect(describeAction({ action: 'delete+detain', strikes: 3, windowMs: 3_600_000 })).toBe(
			'delete the message, warn the author, and detain after 3 strikes within 1h'
		);
	});
});
