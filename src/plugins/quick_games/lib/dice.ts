/**
 * Dice notation for /roll: `d20`, `2d6+3`, `4d6kh3` (keep highest), `4d6kl1` (keep lowest), `4d6dl1` / `4d6dh1`
 * (drop lowest / highest), `d%` (a d100), several terms `2d6+1d4-2`. Case and whitespace do not matter.
 * Pure: the random source is passed in, so the tests decide every die.
 */

export const DICE_DEFAULT = 'd20';
/** Dice across all terms of one roll. */
export const DICE_MAX_COUNT = 100;
export const DICE_MAX_SIDES = 1000;
/** Largest flat modifier (`+5`). */
export const DICE_MAX_MODIFIER = 1_000_000;
export const DICE_MAX_TERMS = 20;
/** Longest expression accepted, before any parsing. */
export const DICE_MAX_LENGTH = 100;

export type KeepRule = { kind: 'kh' | 'kl'; count: number } | null;

export interface DiceTerm {
	kind: 'dice';
	sign: 1 | -1;
	count: number;
	sides: number;
	/** `d%` is shown as written. */
	percent: boolean;
	keep: KeepRule;
}

export interface ConstantTerm {
	kind: 'constant';
	sign: 1 | -1;
	value: number;
}

export type Term = DiceTerm | ConstantTerm;

export interface RolledDie {
	value: number;
	kept: boolean;
}

export interface RolledTerm {
	term: Term;
	dice: RolledDie[];
	/** Signed contribution to the total. */
	subtotal: number;
}

export interface RollResult {
	expression: string;
	terms: RolledTerm[];
	total: number;
}

/** A user-facing problem with the expression; `limit` marks the "too many / too big" family. */
export class DiceError extends Error {
	public constructor(
		message: string,
		public readonly limit = false
	) {
		super(message);
		this.name = 'DiceError';
	}
}

const TERM = /^(\d*)d(\d+|%)(?:(kh|kl|k|dh|dl)(\d*))?$|^(\d+)$/;

/** Parses an expression into terms, or throws a {@link DiceError} saying what is wrong. */
export function parseDice(input: string): Term[] {
	const raw = input.trim();
	if (!raw) throw new DiceError('Give me something to roll, like `d20` or `2d6+3`.');
	if (raw.length > DICE_MAX_LENGTH) throw new DiceError(`That expression is too long (at most ${DICE_MAX_LENGTH} characters).`, true);
	const text = raw.toLowerCase().replace(/\s+/g, '');
	if (!/^[-+0-9dklh%]+$/.test(text)) {
		const bad = [...text].find((char) => !/[-+0-9dklh%]/.test(char));
		throw new DiceError(`I can't read \`${bad}\` in a dice roll. Use terms like \`2d6\`, \`d%\`, \`4d6kh3\` and \`+\`/\`-\`.`);
	}

	if (/d-/.test(text)) throw new DiceError('A die cannot have a negative number of sides.');
	if (/(kh|kl|k|dh|dl)-/.test(text)) throw new DiceError('Keep or drop a positive number of dice.');

	const terms: Term[] = [];
	let totalDice = 0;
	// Split into signed pieces: "2d6+1d4-2" → ["2d6", "+1d4", "-2"]; a leading sign is allowed once.
	const pieces = text.match(/[-+]?[^-+]*/g)!.filter((piece) => piece !== '');
	for (const piece of pieces) {
		const sign: 1 | -1 = piece.startsWith('-') ? -1 : 1;
		const body = piece.replace(/^[-+]/, '');
		if (!body) throw new DiceError('A `+` or `-` needs something after it.');
		const match = TERM.exec(body);
		if (!match) throw new DiceError(`\`${body}\` is not dice notation. Try \`d20\`, \`2d6+3\` or \`4d6kh3\`.`);
		if (terms.length >= DICE_MAX_TERMS) throw new DiceError(`At most ${DICE_MAX_TERMS} terms per roll.`, true);

		if (match[5] !== undefined) {
			const value = boundedInt(match[5], DICE_MAX_MODIFIER, `Modifiers go up to ${DICE_MAX_MODIFIER.toLocaleString('en-US')}.`);
			terms.push({ kind: 'constant', sign, value });
			continue;
		}

		const count = match[1] === '' ? 1 : boundedInt(match[1]!, DICE_MAX_COUNT, `I only have ${DICE_MAX_COUNT} dice. Roll fewer at once.`);
		if (count < 1) throw new DiceError('Rolling zero dice is not a roll. Use at least one die.');
		const percent = match[2] === '%';
		const sides = percent ? 100 : boundedInt(match[2]!, DICE_MAX_SIDES, `Dice go up to ${DICE_MAX_SIDES} sides.`);
		if (sides < 1) throw new DiceError('A die needs at least one side.');
		totalDice += count;
		if (totalDice > DICE_MAX_COUNT) throw new DiceError(`I only have ${DICE_MAX_COUNT} dice. Roll fewer at once.`, true);

		let keep: KeepRule = null;
		if (match[3]) {
			const n = match[4] === '' ? 1 : boundedInt(match[4]!, DICE_MAX_COUNT, `You can't keep more dice than you roll.`);
			const rule = match[3];
			if (rule === 'dh' || rule === 'dl') {
				if (n >= count) throw new DiceError(`Dropping ${n} of ${count} dice leaves nothing to roll.`);
				keep = { kind: rule === 'dl' ? 'kh' : 'kl', count: count - n };
			} else {
				if (n < 1) throw new DiceError('Keep at least one die.');
				if (n > count) throw new DiceError(`You can't keep ${n} dice out of ${count}.`);
				keep = { kind: rule === 'kl' ? 'kl' : 'kh', count: n };
			}
		}
		terms.push({ kind: 'dice', sign, count, sides, percent, keep });
	}
	return terms;
}

/** Rolls `terms`; `random(sides)` returns an integer in [1, sides]. */
export function rollTerms(terms: readonly Term[], random: (sides: number) => number): Omit<RollResult, 'expression'> {
	const rolled: RolledTerm[] = terms.map((term) => {
		if (term.kind === 'constant') return { term, dice: [], subtotal: term.sign * term.value };
		const dice: RolledDie[] = Array.from({ length: term.count }, () => ({ value: random(term.sides), kept: true }));
		if (term.keep) {
			// Stable order: among equal values the earlier die is kept, so the display is predictable.
			const order = dice.map((die, index) => ({ die, index }));
			order.sort((a, b) => (term.keep!.kind === 'kh' ? b.die.value - a.die.value : a.die.value - b.die.value) || a.index - b.index);
			order.slice(term.keep.count).forEach(({ die }) => (die.kept = false));
		}
		const sum = dice.filter((die) => die.kept).reduce((total, die) => total + die.value, 0);
		return { term, dice, subtotal: term.sign * sum };
	});
	return { terms: rolled, total: rolled.reduce((total, term) => total + term.subtotal, 0) };
}

/** Parses and rolls in one go. */
export function roll(input: string, random: (sides: number) => number): RollResult {
	const terms = parseDice(input);
	return { expression: formatExpression(terms), ...rollTerms(terms, random) };
}

/** The canonical spelling of the terms: `2d6 + 1d4 - 2`. */
export function formatExpression(terms: readonly Term[]): string {
	return terms
		.map((term, index) => {
			if (index === 0) return `${term.sign < 0 ? '-' : ''}${formatTerm(term)}`;
			return `${term.sign < 0 ? ' - ' : ' + '}${formatTerm(term)}`;
		})
		.join('');
}

export function formatTerm(term: Term): string {
	if (term.kind === 'constant') return String(term.value);
	const keep = term.keep ? `${term.keep.kind}${term.keep.count}` : '';
	return `${term.count}d${term.percent ? '%' : term.sides}${keep}`;
}

/** One line per dice term: `4d6kh3: [6, 5, ~~1~~, 4] = 15`; dropped dice are struck through. */
export function describeRoll(result: RollResult): string[] {
	return result.terms
		.filter((rolled) => rolled.term.kind === 'dice')
		.map((rolled) => {
			const faces = rolled.dice.map((die) => (die.kept ? String(die.value) : `~~${die.value}~~`)).join(', ');
			const sign = rolled.term.sign < 0 ? '−' : '';
			return `${sign}${formatTerm(rolled.term)}: [${faces}] = ${Math.abs(rolled.subtotal)}`;
		});
}

function boundedInt(digits: string, max: number, message: string): number {
	// Compare by length first: "99999999999999999999" must not become a float that slips past the check.
	const trimmed = digits.replace(/^0+(?=\d)/, '');
	if (trimmed.length > String(max).length || Number(trimmed) > max) throw new DiceError(message, true);
	return Number(trimmed);
}
