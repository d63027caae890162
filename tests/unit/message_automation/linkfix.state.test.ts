import { deleteButtonId, parseDeleteButtonId } from '../../../src/plugins/message_automation/lib/linkfix/button';
import { EmbedWaiter, embeddedKeys } from '../../../src/plugins/message_automation/lib/linkfix/embeds';
import { extractLinks } from '../../../src/plugins/message_automation/lib/linkfix/extract';
import { MirrorHealth } from '../../../src/plugins/message_automation/lib/linkfix/health';
import { planFix } from '../../../src/plugins/message_automation/lib/linkfix/plan';
import { FIX_RETENTION_MS, FixIndex } from '../../../src/plugins/message_automation/lib/linkfix/posts';
import {
	DEFAULT_LINK_FIX_SETTINGS,
	exclusionOf,
	parseLinkFixSettings,
	parseTranslation
} from '../../../src/plugins/message_automation/lib/linkfix/settings';
import { DEFAULT_MIRRORS } from '../../../src/plugins/message_automation/plugin';

const record = (source: string, fix: string, createdAt: number) => ({
	sourceMessageId: source,
	fixMessageId: fix,
	channelId: '1',
	authorId: '2',
	createdAt
});

describe('link fixing: settings, embeds, the fix index and the button', () => {
	it('GIVEN stored settings with junk in them THEN what is valid is kept and the rest falls back to defaults', () => {
		expect(parseLinkFixSettings(undefined)).toEqual(DEFAULT_LINK_FIX_SETTINGS);
		expect(
			parseLinkFixSettings({
				disabledSites: ['tiktok', 'myspace', 'twitter'],
				ignoredChannels: ['123', 'not-an-id', 5],
				translateTo: 'EN',
				onlyMissingEmbeds: 'yes'
			})
		).toEqual({ ...DEFAULT_LINK_FIX_SETTINGS, disabledSites: ['twitter', 'tiktok'], ignoredChannels: ['123'], translateTo: 'en' });
	});

	it('GIVEN what an admin types as a language THEN codes are normalised, "off" clears it and junk is refused', () => {
		expect(parseTranslation('EN')).toBe('en');
		expect(parseTranslation(' pt_BR ')).toBe('pt-br');
		expect(parseTranslation('off')).toBeNull();
		expect(parseTranslation(null)).toBeNull();
		expect(parseTranslation('english')).toBeUndefined();
	});

	it('GIVEN ignored channels and roles THEN a thread of an ignored channel and a member with an ignored role are left alone', () => {
		const settings = { ...DEFAULT_LINK_FIX_SETTINGS, ignoredChannels: ['10'], ignoredRoles: ['20'] };
		expect(exclusionOf(settings, { channelIds: ['10'], roleIds: [] })).toBe('channel');
		expect(exclusionOf(settings, { channelIds: ['11', '10'], roleIds: [] })).toBe('channel');
		expect(exclusionOf(settings, { channelIds: ['11'], roleIds: ['30', '20'] })).toBe('role');
		expect(exclusionOf(settings, { channelIds: ['11', '12'], roleIds: ['30'] })).toBeNull();
	});

	it('GIVEN a site switched off or a link Discord embedded THEN the plan leaves that link alone', () => {
		const { links } = extractLinks('https://x.com/jack/status/20 https://www.instagram.com/p/C1a2b3/', 5);
		const health = new MirrorHealth();
		const off = planFix(links, { settings: { ...DEFAULT_LINK_FIX_SETTINGS, disabledSites: ['twitter'] }, mirrors: DEFAULT_MIRRORS, health });
		expect(off.content).toBe('https://kkinstagram.com/p/C1a2b3');
		const embedded = embeddedKeys([{ url: 'https://twitter.com/jack/status/20' }, { url: null }, { url: 'not a url' }]);
		const missing = planFix(links, { settings: { ...DEFAULT_LINK_FIX_SETTINGS }, mirrors: DEFAULT_MIRRORS, health, embedded });
		expect(missing.content).toBe('https://kkinstagram.com/p/C1a2b3');
	});

	it('GIVEN a spoilered link THEN its fix stays behind spoiler bars', () => {
		const { links } = extractLinks('||https://x.com/jack/status/20||', 5);
		expect(planFix(links, { settings: { ...DEFAULT_LINK_FIX_SETTINGS }, mirrors: DEFAULT_MIRRORS, health: new MirrorHealth() }).content).toBe(
			'||https://fxtwitter.com/jack/status/20||'
		);
	});

	describe('waiting for Discord embeds', () => {
		beforeEach(() => jest.useFakeTimers());
		afterEach(() => jest.useRealTimers());

		it('GIVEN the embeds of every awaited post arrive THEN the wait ends at once with them', async () => {
			const waiter = new EmbedWaiter();
			const done = waiter.wait('m1', ['twitter:20'], [], 4_000);
			expect(waiter.isWaiting('m1')).toBe(true);
			waiter.notify('m1', [{ url: 'https://x.com/jack/status/20' }]);
			await expect(done).resolves.toEqual([{ url: 'https://x.com/jack/status/20' }]);
			expect(waiter.pending).toBe(0);
		});

		it('GIVEN only some embeds arrive THEN the wait lasts until the deadline and reports the embeds known by then', async () => {
			const waiter = new EmbedWaiter();
			const done = waiter.wait('m1', ['twitter:20', 'instagram:C1'], [], 4_000);
			waiter.notify('m1', [{ url: 'https://x.com/jack/status/20' }]);
			let settled = false;
			void done.then(() => (settled = true));
			await jest.advanceTimersByTimeAsync(3_999);
			expect(settled).toBe(false);
			await jest.advanceTimersByTimeAsync(1);
			await expect(done).resolves.toEqual([{ url: 'https://x.com/jack/status/20' }]);
		});

		it('GIVEN the message is deleted during the wait THEN the wait ends with null', async () => {
			const waiter = new EmbedWaiter();
			const done = waiter.wait('m1', ['twitter:20'], [], 4_000);
			waiter.cancel('m1');
			await expect(done).resolves.toBeNull();
		});

		it('GIVEN the message already has its embeds, or no wait is configured THEN there is no wait', async () => {
			const waiter = new EmbedWaiter();
			await expect(waiter.wait('m1', ['twitter:20'], [{ url: 'https://x.com/a/status/20' }], 4_000)).resolves.toHaveLength(1);
			await expect(waiter.wait('m2', ['twitter:20'], [], 0)).resolves.toEqual([]);
			expect(waiter.pending).toBe(0);
		});
	});

	it('GIVEN stored fixes THEN the index answers both ways, says "maybe" until loaded, and prunes from the old end', () => {
		const index = new FixIndex();
		expect(index.mayConcern('anything')).toBe(true);
		const now = Date.now();
		index.load([record('s1', 'f1', now - FIX_RETENTION_MS - 1), record('s2', 'f2', now)]);
		expect(index.mayConcern('anything')).toBe(false);
		expect(index.byFix('f2')?.sourceMessageId).toBe('s2');
		expect(index.mayConcern('s1')).toBe(true);
		expect(index.prune(now - FIX_RETENTION_MS)).toBe(1);
		expect(index.bySource('s1')).toBeUndefined();
		expect(index.byFix('f1')).toBeUndefined();
		expect(index.size).toBe(1);
	});

	it('GIVEN the 🗑️ button id THEN it carries the poster and other ids are not ours', () => {
		expect(parseDeleteButtonId(deleteButtonId('123456789012345678'))).toBe('123456789012345678');
		expect(parseDeleteButtonId('rps:1:rock')).toBeNull();
		expect(parseDeleteButtonId('linkfix:delete:nope')).toBeNull();
	});
});
