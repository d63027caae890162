import { MirrorHealth, probeAll, type ProbeFetch } from '../../../src/plugins/message_automation/lib/linkfix/health';
import { planFix } from '../../../src/plugins/message_automation/lib/linkfix/plan';
import { extractLinks } from '../../../src/plugins/message_automation/lib/linkfix/extract';
import { DEFAULT_LINK_FIX_SETTINGS } from '../../../src/plugins/message_automation/lib/linkfix/settings';
import { DEFAULT_MIRRORS } from '../../../src/plugins/message_automation/plugin';

const TWITTER = ['fxtwitter.com', 'fixupx.com', 'vxtwitter.com'];

/** A fetch that answers per host: a status, or a thrown network error like undici's ("fetch failed" with a cause). */
function fakeFetch(answers: Record<string, number | string>): ProbeFetch & { calls: string[] } {
	const calls: string[] = [];
	const fetch = (async (url: string, init: { redirect: string; signal: AbortSignal }) => {
		calls.push(url);
		expect(init.redirect).toBe('manual');
		expect(init.signal).toBeInstanceOf(AbortSignal);
		const answer = answers[new URL(url).hostname] ?? 'ENOTFOUND';
		if (typeof answer === 'number') return { status: answer };
		throw Object.assign(new TypeError('fetch failed'), { cause: { code: answer } });
	}) as unknown as ProbeFetch & { calls: string[] };
	fetch.calls = calls;
	return fetch;
}

describe('link fixing: mirror health and fallback', () => {
	it('GIVEN no probe has run THEN the first mirror is used', () => {
		expect(new MirrorHealth().pick(TWITTER)).toBe('fxtwitter.com');
	});

	it('GIVEN the first mirror answers 503 THEN it is marked down and the next one is used', async () => {
		const health = new MirrorHealth();
		const changed = await probeAll(health, fakeFetch({ 'fxtwitter.com': 503, 'fixupx.com': 200, 'vxtwitter.com': 301 }), TWITTER, 1_000);
		expect(changed).toEqual(['fxtwitter.com']);
		expect(health.pick(TWITTER)).toBe('fixupx.com');
		expect(health.state('fxtwitter.com')).toMatchObject({ down: true, reason: 'HTTP 503' });
	});

	it('GIVEN a mirror whose domain no longer resolves while others answer THEN it is down too', async () => {
		const health = new MirrorHealth();
		await probeAll(health, fakeFetch({ 'fxtwitter.com': 'ENOTFOUND', 'fixupx.com': 'ECONNREFUSED', 'vxtwitter.com': 200 }), TWITTER, 1_000);
		expect(health.pick(TWITTER)).toBe('vxtwitter.com');
		expect(health.state('fixupx.com').reason).toBe('no answer (ECONNREFUSED)');
	});

	it('GIVEN 4xx or redirect answers THEN the mirror is up: only 5xx and silence are definite failures', async () => {
		const health = new MirrorHealth();
		await probeAll(health, fakeFetch({ 'fxtwitter.com': 404, 'fixupx.com': 302, 'vxtwitter.com': 200 }), TWITTER, 1_000);
		expect(TWITTER.filter((host) => health.isDown(host))).toEqual([]);
	});

	it('GIVEN the network itself is unreachable (every mirror fails to connect) THEN nothing changes', async () => {
		const health = new MirrorHealth();
		await probeAll(health, fakeFetch({ 'fxtwitter.com': 500, 'fixupx.com': 200, 'vxtwitter.com': 200 }), TWITTER, 1_000);
		expect(health.pick(TWITTER)).toBe('fixupx.com');
		const offline = fakeFetch({ 'fxtwitter.com': 'ENOTFOUND', 'fixupx.com': 'EAI_AGAIN', 'vxtwitter.com': 'ENETUNREACH' });
		expect(await probeAll(health, offline, TWITTER, 1_000)).toEqual([]);
		expect(offline.calls).toHaveLength(3);
		// Still the state of the last round that proved anything.
		expect(health.pick(TWITTER)).toBe('fixupx.com');
		expect(health.isDown('fixupx.com')).toBe(false);
	});

	it('GIVEN a mirror that was down answers again THEN it is used again', async () => {
		const health = new MirrorHealth();
		await probeAll(health, fakeFetch({ 'fxtwitter.com': 502, 'fixupx.com': 200, 'vxtwitter.com': 200 }), TWITTER, 1_000);
		expect(await probeAll(health, fakeFetch({ 'fxtwitter.com': 200, 'fixupx.com': 200, 'vxtwitter.com': 200 }), TWITTER, 1_000)).toEqual([
			'fxtwitter.com'
		]);
		expect(health.pick(TWITTER)).toBe('fxtwitter.com');
	});

	it('GIVEN every mirror of a site is down THEN the first is still used (a probe may be wrong; no link is worse)', async () => {
		const health = new MirrorHealth();
		await probeAll(
			health,
			fakeFetch({ 'fxtwitter.com': 503, 'fixupx.com': 503, 'vxtwitter.com': 503, 'kkinstagram.com': 200 }),
			[...TWITTER, 'kkinstagram.com'],
			1_000
		);
		expect(health.pick(TWITTER)).toBe('fxtwitter.com');
		expect(health.pick([])).toBeNull();
	});

	it('GIVEN a mirror that never answers THEN the probe gives up after its timeout and counts it as no answer', async () => {
		const health = new MirrorHealth();
		const hanging: ProbeFetch = (url, init) =>
			new URL(url).hostname === 'fxtwitter.com'
				? new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)))
				: Promise.resolve({ status: 200 });
		await probeAll(health, hanging, TWITTER, 50);
		expect(health.state('fxtwitter.com')).toMatchObject({ down: true, reason: 'no answer (timeout)' });
	});

	it('GIVEN a mirror is down WHEN a message is fixed THEN the fix points at the next mirror', async () => {
		const health = new MirrorHealth();
		await probeAll(health, fakeFetch({ 'fxtwitter.com': 503, 'fixupx.com': 200, 'vxtwitter.com': 200 }), TWITTER, 1_000);
		const { links } = extractLinks('https://x.com/jack/status/20', 5);
		const plan = planFix(links, { settings: { ...DEFAULT_LINK_FIX_SETTINGS }, mirrors: DEFAULT_MIRRORS, health });
		expect(plan.content).toBe('https://fixupx.com/jack/status/20');
	});
});
