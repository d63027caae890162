/** /coinflip: parsing a call and judging it. */

export type CoinSide = 'heads' | 'tails';

const CALLS: Record<string, CoinSide> = { heads: 'heads', head: 'heads', h: 'heads', tails: 'tails', tail: 'tails', t: 'tails' };

export function parseCall(input: string | null | undefined): CoinSide | null {
	if (!input) return null;
	return CALLS[input.trim().toLowerCase()] ?? null;
}

export function sideLabel(side: CoinSide): string {
	return side === 'heads' ? 'Heads' : 'Tails';
}

/** The embed text for a flip, with the verdict on the call when there was one. */
export function describeFlip(result: CoinSide, call: CoinSide | null): { title: string; verdict: string | null; right: boolean | null } {
	const title = `🪙 ${sideLabel(result)}!`;
	if (!call) return { title, verdict: null, right: null };
	const right = call === result;
	return { title, verdict: right ? `You called **${call}**: right!` : `You called **${call}**: wrong.`, right };
}
