import { fitToBudget, tokensOf, type Turn } from '../../../src/plugins/ai_chat/lib/memory';

const user = (content: string, tokens: number): Turn => ({ role: 'user', name: 'Alice', content, tokens });
const bot = (content: string, tokens: number): Turn => ({ role: 'assistant', content, tokens });

describe('fitToBudget', () => {
	it('GIVEN turns over the budget THEN the newest that fit are kept, oldest first', () => {
		const turns = [user('a', 40), bot('b', 40), user('c', 40), bot('d', 40), user('e', 40)];
		expect(fitToBudget(turns, 130).map((turn) => turn.content)).toEqual(['c', 'd', 'e']);
		expect(tokensOf(fitToBudget(turns, 130))).toBe(120);
	});

	it('GIVEN the cut would start with her answer THEN that answer goes too (an answer to nothing confuses the model)', () => {
		const turns = [user('a', 40), bot('b', 40), user('c', 40)];
		expect(fitToBudget(turns, 85).map((turn) => turn.content)).toEqual(['c']);
	});

	it('GIVEN the newest turn alone is over the budget THEN it is kept anyway', () => {
		expect(fitToBudget([user('old', 5), user('huge', 500)], 100).map((turn) => turn.content)).toEqual(['huge']);
	});

	it('GIVEN everything fits THEN nothing is dropped', () => {
		const turns = [user('a', 10), bot('b', 10)];
		expect(fitToBudget(turns, 1000)).toEqual(turns);
		expect(fitToBudget([], 1000)).toEqual([]);
	});
});
