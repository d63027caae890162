import { ACTION_NAMES } from '#plugins/social/lib/actions';
import { caption, counterLine, timesText, topPartners, totalsByAction, type PairCount } from '#plugins/social/lib/phrasing';

describe('social phrasing', () => {
	it('GIVEN a count THEN it reads as once, twice or n times, with thousands separators', () => {
		expect([1, 2, 3, 12, 1234, 1_000_000].map(timesText)).toEqual(['once', 'twice', '3 times', '12 times', '1,234 times', '1,000,000 times']);
		expect([0, -3, Number.NaN, 2.7].map(timesText)).toEqual(['0 times', '0 times', '0 times', 'twice']);
	});

	it('GIVEN the first action of a pair THEN the counter line marks the first time instead of saying "once"', () => {
		expect(counterLine('hug', 'alice', 'bob', 1)).toBe('That is the first time alice has hugged bob.');
		expect(counterLine('hug', 'alice', 'bob', 0)).toBe('That is the first time alice has hugged bob.');
	});

	it('GIVEN later actions THEN the counter line uses each action\'s own past tense ("alice has hugged bob 12 times")', () => {
		expect(counterLine('hug', 'alice', 'bob', 12)).toBe('alice has hugged bob 12 times.');
		expect(counterLine('pat', 'alice', 'bob', 2)).toBe('alice has patted bob twice.');
		expect(counterLine('highfive', 'alice', 'bob', 3)).toBe('alice has high-fived bob 3 times.');
		expect(counterLine('bonk', 'alice', 'bob', 1500)).toBe('alice has bonked bob 1,500 times.');
	});

	it('GIVEN every action THEN the caption is "actor verbs target"', () => {
		expect(ACTION_NAMES.map((action) => caption(action, 'Alice', 'Bob'))).toEqual([
			'Alice hugs Bob',
			'Alice pats Bob',
			'Alice pokes Bob',
			'Alice high-fives Bob',
			'Alice boops Bob',
			'Alice bonks Bob'
		]);
	});
});

describe('social stats arithmetic', () => {
	const row = (fromId: string, toId: string, action: string, count: number): PairCount => ({ fromId, toId, action, count });

	it('GIVEN rows for several partners THEN totals are summed per action in the table order, unknown and empty actions left out', () => {
		const rows = [
			row('a', 'b', 'pat', 2),
			row('a', 'c', 'hug', 3),
			row('a', 'b', 'hug', 1),
			row('a', 'b', 'tickle', 9),
			row('a', 'd', 'bonk', 0)
		];
		expect(totalsByAction(rows)).toEqual([
			['hug', 4],
			['pat', 2]
		]);
		expect(totalsByAction([])).toEqual([]);
	});

	it('GIVEN given and received rows THEN top partners sum both directions, most first, ties by id, at most the limit', () => {
		const given = [row('me', 'bob', 'hug', 5), row('me', 'bob', 'pat', 1), row('me', 'cat', 'hug', 2), row('me', 'dan', 'poke', 3)];
		const received = [row('bob', 'me', 'hug', 1), row('eve', 'me', 'bonk', 3), row('me', 'me', 'hug', 50)];
		expect(topPartners('me', given, received)).toEqual([
			{ userId: 'bob', given: 6, received: 1, total: 7 },
			{ userId: 'dan', given: 3, received: 0, total: 3 },
			{ userId: 'eve', given: 0, received: 3, total: 3 },
			{ userId: 'cat', given: 2, received: 0, total: 2 }
		]);
		expect(topPartners('me', given, received, 2).map((partner) => partner.userId)).toEqual(['bob', 'dan']);
		expect(topPartners('me', [], [])).toEqual([]);
	});
});
