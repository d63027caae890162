import {
	DICE_MAX_COUNT,
	DICE_MAX_SIDES,
	DiceError,
	describeRoll,
	formatExpression,
	parseDice,
	roll
} from '../../../src/plugins/quick_games/lib/dice';

/** A die source that returns the given faces in order (and fails the test if asked for more). */
function faces(...values: number[]) {
	const queue = [...values];
	const asked: number[] = [];
	const random = (sides: number) => {
		asked.push(sides);
		if (!queue.length) throw new Error('rolled more dice than expected');
		return queue.shift()!;
	};
	return Object.assign(random, { asked });
}

function problem(input: string): DiceError {
	try {
		parseDice(input);
	} catch (error) {
		if (error instanceof DiceError) return error;
		throw error;
	}
	throw new Error(`expected "${input}" to be refused`);
}

describe('dice notation', () => {
	it('GIVEN d20 THEN one twenty-sided die is rolled', () => {
		const random = faces(17);
		const result = roll('d20', random);
		expect(random.asked).toEqual([20]);
		expect(result.total).toBe(17);
		expect(result.expression).toBe('1d20');
		expect(describeRoll(result)).toEqual(['1d20: [17] = 17']);
	});

	it('GIVEN 2d6+3 THEN both dice and the modifier add up', () => {
		const result = roll('2d6+3', faces(4, 5));
		expect(result.total).toBe(12);
		expect(result.expression).toBe('2d6 + 3');
		expect(describeRoll(result)).toEqual(['2d6: [4, 5] = 9']);
	});

	it('GIVEN 4d6kh3 THEN the lowest die is dropped and shown struck through', () => {
		const result = roll('4d6kh3', faces(6, 1, 5, 4));
		expect(result.total).toBe(15);
		expect(result.terms[0]!.dice.map((die) => die.kept)).toEqual([true, false, true, true]);
		expect(describeRoll(result)).toEqual(['4d6kh3: [6, ~~1~~, 5, 4] = 15']);
	});

	it('GIVEN 2d20kl1 (disadvantage) THEN the lowest die is kept', () => {
		const result = roll('2d20kl1', faces(18, 3));
		expect(result.total).toBe(3);
		expect(describeRoll(result)).toEqual(['2d20kl1: [~~18~~, 3] = 3']);
	});

	it('GIVEN equal dice under a keep rule THEN the earlier one is kept', () => {
		const result = roll('3d6kh1', faces(5, 5, 2));
		expect(result.terms[0]!.dice.map((die) => die.kept)).toEqual([true, false, false]);
		expect(result.total).toBe(5);
	});

	it('GIVEN drop notation (4d6dl1, 3d6dh1) THEN it means keep the rest', () => {
		expect(roll('4d6dl1', faces(2, 6, 6, 6)).total).toBe(18);
		expect(formatExpression(parseDice('4d6dl1'))).toBe('4d6kh3');
		expect(roll('3d6dh1', faces(6, 1, 2)).total).toBe(3);
		expect(formatExpression(parseDice('2d20k'))).toBe('2d20kh1');
	});

	it('GIVEN d% THEN a hundred-sided die is rolled', () => {
		const random = faces(42);
		const result = roll('d%', random);
		expect(random.asked).toEqual([100]);
		expect(result.expression).toBe('1d%');
		expect(result.total).toBe(42);
	});

	it('GIVEN several terms 2d6+1d4-2 THEN each adds or subtracts', () => {
		const result = roll('2d6+1d4-2', faces(3, 3, 4));
		expect(result.total).toBe(8);
		expect(result.expression).toBe('2d6 + 1d4 - 2');
		expect(describeRoll(result)).toEqual(['2d6: [3, 3] = 6', '1d4: [4] = 4']);
	});

	it('GIVEN a subtracted dice term and a leading minus THEN the signs are kept', () => {
		expect(roll('10-1d4', faces(3)).total).toBe(7);
		expect(describeRoll(roll('10-1d4', faces(3)))).toEqual(['−1d4: [3] = 3']);
		expect(roll('-2+d6', faces(1)).total).toBe(-1);
		expect(roll('-2+d6', faces(1)).expression).toBe('-2 + 1d6');
	});

	it('GIVEN whitespace and capitals THEN they are ignored', () => {
		expect(roll('  2D6 + 3 ', faces(1, 1)).total).toBe(5);
		expect(roll('4D6KH3', faces(1, 2, 3, 4)).total).toBe(9);
	});

	it('GIVEN leading zeros THEN the number is read normally', () => {
		expect(formatExpression(parseDice('02d006'))).toBe('2d6');
	});

	it.each([
		['', 'Give me something to roll'],
		['abc', "can't read `a`"],
		['2d', 'not dice notation'],
		['2d6+', 'needs something after it'],
		['d6++2', 'needs something after it'],
		['3d6kh4', "can't keep 4 dice out of 3"],
		['3d6kh0', 'Keep at least one die'],
		['3d6dl3', 'leaves nothing'],
		['0d6', 'zero dice'],
		['d0', 'at least one side'],
		['2d-6', 'negative number of sides'],
		['4d6kh-1', 'positive number'],
		['1.5d6', "can't read `.`"],
		['d6!', "can't read `!`"]
	])('GIVEN bad input %p THEN the message says what is wrong', (input, text) => {
		const error = problem(input);
		expect(error.message).toContain(text);
		expect(error.limit).toBe(false);
	});

	it('GIVEN more dice than the limit THEN the refusal is a limit, with the numbers', () => {
		expect(parseDice(`${DICE_MAX_COUNT}d6`)).toHaveLength(1);
		const error = problem(`${DICE_MAX_COUNT + 1}d6`);
		expect(error.limit).toBe(true);
		expect(error.message).toContain(String(DICE_MAX_COUNT));
		// The limit counts dice across all terms.
		expect(problem('60d6+50d4').limit).toBe(true);
	});

	it('GIVEN more sides than the limit THEN the refusal is a limit', () => {
		expect(parseDice(`d${DICE_MAX_SIDES}`)).toHaveLength(1);
		const error = problem(`d${DICE_MAX_SIDES + 1}`);
		expect(error.limit).toBe(true);
		expect(error.message).toContain(String(DICE_MAX_SIDES));
	});

	it('GIVEN huge numbers THEN they are refused as limits rather than rounded', () => {
		expect(problem('99999999999999999999d6').limit).toBe(true);
		expect(problem('d99999999999999999999').limit).toBe(true);
		expect(problem('d6+99999999999999999999').limit).toBe(true);
		expect(problem('d6+1000001').limit).toBe(true);
		expect(parseDice('d6+1000000')).toHaveLength(2);
	});

	it('GIVEN too many terms or too long an expression THEN it is refused as a limit', () => {
		expect(problem(Array.from({ length: 21 }, () => '1').join('+')).limit).toBe(true);
		expect(problem(`d6${'+1'.repeat(60)}`).limit).toBe(true);
	});
});
