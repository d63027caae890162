/**
 * Which mirrors answer. Mirrors die without notice (a domain lapses, a service is shut down), so a periodic probe asks
 * each one for its front page and the link fixer uses the first mirror of a site that is not known to be down.
 *
 * Only a definite failure marks a mirror down: an HTTP 5xx answer, or no answer at all while other mirrors did answer
 * in the same round. When no mirror answers (the bot's own network is down, DNS is broken), the round proves nothing
 * and changes nothing: marking everything down would stop link fixing for a reason that has nothing to do with mirrors.
 */

/** The part of the Fetch API the probe uses, so tests can inject answers. */
export type ProbeFetch = (
	url: string,
	init: { method: string; redirect: 'manual'; signal: AbortSignal; headers: Record<string, string> }
) => Promise<{
	status: number;
}>;

export type ProbeOutcome = { kind: 'answered'; status: number } | { kind: 'unreachable'; error: string };

export interface MirrorState {
	readonly down: boolean;
	/** When the last probe that reached a verdict ran (ms since the epoch), or null before any. */
	readonly checkedAt: number | null;
	/** Why it is down: "HTTP 503", "no answer (ENOTFOUND)". */
	readonly reason: string | null;
}

const UNKNOWN: MirrorState = Object.freeze({ down: false, checkedAt: null, reason: null });

export const PROBE_USER_AGENT = 'Mozilla/5.0 (compatible; Tika link fixer health check)';

export class MirrorHealth {
	readonly #states = new Map<string, MirrorState>();

	/** The first mirror not known to be down; the first one when every mirror is down (it may be back), null for none. */
	public pick(mirrors: readonly string[]): string | null {
		return mirrors.find((host) => !this.isDown(host)) ?? mirrors[0] ?? null;
	}

	public isDown(host: string): boolean {
		return this.#states.get(host.toLowerCase())?.down === true;
	}

	public state(host: string): MirrorState {
		return this.#states.get(host.toLowerCase()) ?? UNKNOWN;
	}

	/** Records one probe round; returns the hosts whose state changed. `outcomes` covers every probed host. */
	public record(outcomes: ReadonlyMap<string, ProbeOutcome>, now = Date.now()): string[] {
		const reachable = [...outcomes.values()].some((outcome) => outcome.kind === 'answered');
		// Nobody answered: our network, not the mirrors, is the likelier culprit.
		if (!reachable) return [];
		const changed: string[] = [];
		for (const [host, outcome] of outcomes) {
			const key = host.toLowerCase();
			const down = outcome.kind === 'unreachable' || outcome.status >= 500;
			const reason = !down ? null : outcome.kind === 'unreachable' ? `no answer (${outcome.error})` : `HTTP ${outcome.status}`;
			if (this.isDown(key) !== down) changed.push(host);
			this.#states.set(key, { down, checkedAt: now, reason });
		}
		return changed;
	}

	public clear(): void {
		this.#states.clear();
	}
}

/** Asks one mirror for its front page. Any HTTP answer counts as an answer (a redirect to the project's page is fine). */
export async function probeMirror(fetch: ProbeFetch, host: string, timeoutMs: number): Promise<ProbeOutcome> {
	try {
		const response = await fetch(`https://${host}/`, {
			method: 'GET',
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs),
			headers: { 'user-agent': PROBE_USER_AGENT }
		});
		return { kind: 'answered', status: response.status };
	} catch (error) {
		return { kind: 'unreachable', error: describeFailure(error) };
	}
}

/** Probes every host at once and records the round. Returns the hosts whose state changed. */
export async function probeAll(health: MirrorHealth, fetch: ProbeFetch, hosts: Iterable<string>, timeoutMs: number): Promise<string[]> {
	const unique = [...new Set([...hosts].map((host) => host.toLowerCase()))];
	const outcomes = await Promise.all(unique.map(async (host) => [host, await probeMirror(fetch, host, timeoutMs)] as const));
	return health.record(new Map(outcomes));
}

/** `ENOTFOUND`, `ECONNREFUSED`, `timeout`...: the cause undici hides under "fetch failed". */
function describeFailure(error: unknown): string {
	const failure = error as { name?: string; code?: string; cause?: { code?: string; name?: string } } | null;
	if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError') return 'timeout';
	return failure?.cause?.code ?? failure?.code ?? failure?.cause?.name ?? failure?.name ?? 'error';
}
