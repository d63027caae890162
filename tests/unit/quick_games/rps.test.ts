import { describeFlip, parseCall } from '../../../src/plugins/quick_games/lib/coin';
import { explain, parseRpsChoice, RPS_CHOICES, rpsOutcome } from '../../../src/plugins/quick_games/lib/rps';
import { parseRpsCustomId, rpsCustomId, RpsMatches, rpsSettings } from '../../../src/plugins/quick_games/lib/rpsMatches';

describe('rock, paper, scissors outcome table', () => {
	it.each([
		['rock', 'scissors', 'win'],
		['rock', 'paper', 'lose'],
		['rock', 'rock', 'draw'],
		['paper', 'rock', 'win'],
		['paper', 'scissors', 'lose'],
		['paper', 'paper', 'draw'],
		['scissors', 'paper', 'win'],
		['scissors', 'rock', 'lose'],
		['scissors', 'scissors', 'draw']
	] as const)('GIVEN %s against %s THEN the first player %s', (a, b, outcome) => {
		expect(rpsOutcome(a, b)).toBe(outcome);
	});

	it('GIVEN any pair THEN swapping the players swaps win and lose', () => {
		const flip = { win: 'lose', lose: 'win', draw: 'draw' } as const;
		for (const a of RPS_CHOICES) for (const b of RPS_CHOICES) expect(rpsOutcome(b, a)).toBe(flip[rpsOutcome(a, b)]);
	});

	it('GIVEN typed moves THEN words, letters and emoji are understood, anything else is not', () => {
		expect(parseRpsChoice('Rock')).toBe('rock');
		expect(parseRpsChoice(' P ')).toBe('paper');
		expect(parseRpsChoice('✂️')).toBe('scissors');
		expect(parseRpsChoice('lizard')).toBeNull();
		expect(parseRpsChoice('')).toBeNull();
	});

	it('GIVEN a result THEN the explanation names the winning move first', () => {
		expect(explain('scissors', 'rock')).toBe('🪨 Rock beats ✂️ Scissors.');
		expect(explain('paper', 'paper')).toBe('Both chose 📄 Paper.');
	});
});

describe('rock, paper, scissors matches', () => {
	const matches = new RpsMatches();
	afterAll(() => matches.clear());

	it('GIVEN a match THEN only its two players may pick, once each, and the second pick closes it', () => {
		const match = matches.create({ guildId: 'g', channelId: 'c', challengerId: 'alice', opponentId: 'bob' });
		expect(matches.pick(match.id, 'carol', 'rock').kind).toBe('stranger');
		expect(matches.pick(match.id, 'alice', 'rock')).toMatchObject({ kind: 'waiting', waitingFor: 'bob' });
		expect(matches.pick(match.id, 'alice', 'paper')).toMatchObject({ kind: 'already', choice: 'rock' });
		expect(matches.pick(match.id, 'bob', 'paper').kind).toBe('done');
		expect(matches.get(match.id)).toBeUndefined();
		expect(matches.pick(match.id, 'bob', 'paper').kind).toBe('unknown');
	});

	it('GIVEN a match nobody finishes THEN it expires once, and later picks find nothing', async () => {
		const previous = rpsSettings.timeoutMs;
		rpsSettings.timeoutMs = 20;
		const match = matches.create({ guildId: 'g', channelId: 'c', challengerId: 'alice', opponentId: 'bob' });
		rpsSettings.timeoutMs = previous;
		const expired = await new Promise((resolve) => matches.arm(match, resolve));
		expect(expired).toBe(match);
		expect(matches.pick(match.id, 'alice', 'rock').kind).toBe('unknown');
	});

	it('GIVEN a custom id THEN it round-trips and stays short', () => {
		const id = rpsCustomId('abcdef012345', 'scissors');
		expect(id.length).toBeLessThanOrEqual(100);
		expect(parseRpsCustomId(id)).toEqual({ matchId: 'abcdef012345', choice: 'scissors' });
		expect(parseRpsCustomId('ttt:1:2')).toBeNull();
	});
});

describe('coin calls', () => {
	it('GIVEN calls THEN heads/tails and their short forms are read', () => {
		expect(parseCall('HEADS')).toBe('heads');
		expect(parseCall('t')).toBe('tails');
		expect(parseCall('edge')).toBeNull();
	});

	it('GIVEN a flip THEN the verdict says whether the call was right', () => {
		expect(describeFlip('heads', 'heads')).toMatchObject({ title: '🪙 Heads!', right: true });
		expect(describeFlip('tails', 'heads').verdict).toContain('wrong');
		expect(describeFlip('tails', null)).toMatchObject({ verdict: null, right: null });
	});
});
