/** Rock, paper, scissors: the outcome table, parsing of what people type, and the one-line summaries. */

export const RPS_CHOICES = ['rock', 'paper', 'scissors'] as const;
export type RpsChoice = (typeof RPS_CHOICES)[number];
export type RpsOutcome = 'win' | 'lose' | 'draw';

export const RPS_EMOJI: Record<RpsChoice, string> = { rock: '🪨', paper: '📄', scissors: '✂️' };

/** What each choice beats. */
const BEATS: Record<RpsChoice, RpsChoice> = { rock: 'scissors', paper: 'rock', scissors: 'paper' };

const ALIASES: Record<string, RpsChoice> = {
	rock: 'rock',
	r: 'rock',
	stone: 'rock',
	'🪨': 'rock',
	'✊': 'rock',
	paper: 'paper',
	p: 'paper',
	'📄': 'paper',
	'✋': 'paper',
	scissors: 'scissors',
	scissor: 'scissors',
	s: 'scissors',
	'✂️': 'scissors',
	'✂': 'scissors',
	'✌️': 'scissors',
	'✌': 'scissors'
};

/** `a`'s result against `b`. */
export function rpsOutcome(a: RpsChoice, b: RpsChoice): RpsOutcome {
	if (a === b) return 'draw';
	return BEATS[a] === b ? 'win' : 'lose';
}

/** A choice from user text (`Rock`, `r`, `✂️`), or null. */
export function parseRpsChoice(input: string | null | undefined): RpsChoice | null {
	if (!input) return null;
	return ALIASES[input.trim().toLowerCase()] ?? null;
}

export function isRpsChoice(value: string): value is RpsChoice {
	return (RPS_CHOICES as readonly string[]).includes(value);
}

export function showChoice(choice: RpsChoice): string {
	return `${RPS_EMOJI[choice]} ${choice[0]!.toUpperCase()}${choice.slice(1)}`;
}

/** "Rock beats Scissors" / "Both chose Rock". */
export function explain(a: RpsChoice, b: RpsChoice): string {
	const outcome = rpsOutcome(a, b);
	if (outcome === 'draw') return `Both chose ${showChoice(a)}.`;
	const [winner, loser] = outcome === 'win' ? [a, b] : [b, a];
	return `${showChoice(winner)} beats ${showChoice(loser)}.`;
}
