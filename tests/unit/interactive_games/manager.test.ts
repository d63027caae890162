import { GameManager, type ManagedGame } from '../../../src/plugins/interactive_games/lib/GameManager';

const game = (id: string, channelId: string, players: string[], guildId = 'g1'): ManagedGame => ({ id, guildId, channelId, players });

describe('GameManager', () => {
	afterEach(() => jest.useRealTimers());

	it('GIVEN several games in one channel THEN each is found by its id and by channel + player', () => {
		const manager = new GameManager();
		manager.add(game('aaaaaaaa', 'c1', ['alice', 'bob']));
		manager.add(game('bbbbbbbb', 'c1', ['carol']));
		manager.add(game('cccccccc', 'c2', ['alice']));
		expect(manager.get('bbbbbbbb')?.players).toEqual(['carol']);
		expect(manager.gameOf('c1', 'bob')?.id).toBe('aaaaaaaa');
		expect(manager.gameOf('c2', 'alice')?.id).toBe('cccccccc');
		expect(manager.gameOf('c2', 'bob')).toBeUndefined();
		expect(manager.size).toBe(3);
	});

	it('GIVEN a player already in a game in a channel THEN a second game there is refused', () => {
		const manager = new GameManager();
		manager.add(game('aaaaaaaa', 'c1', ['alice', 'bob']));
		expect(() => manager.add(game('bbbbbbbb', 'c1', ['bob']))).toThrow('already in a game');
		expect(() => manager.add(game('aaaaaaaa', 'c9', ['zed']))).toThrow('already exists');
	});

	it('GIVEN a game ends THEN its id and player indexes are released', () => {
		const manager = new GameManager();
		manager.add(game('aaaaaaaa', 'c1', ['alice', 'bob']));
		expect(manager.end('aaaaaaaa')?.id).toBe('aaaaaaaa');
		expect(manager.end('aaaaaaaa')).toBeUndefined();
		expect(manager.gameOf('c1', 'alice')).toBeUndefined();
		expect(() => manager.add(game('bbbbbbbb', 'c1', ['alice']))).not.toThrow();
	});

	it('GIVEN an idle timer THEN it fires once after the delay, re-arming postpones it, ending cancels it', () => {
		jest.useFakeTimers();
		const manager = new GameManager();
		const expired: string[] = [];
		manager.add(game('aaaaaaaa', 'c1', ['alice']));
		manager.add(game('bbbbbbbb', 'c1', ['bob']));
		manager.arm('aaaaaaaa', 1000, (g) => expired.push(g.id));
		manager.arm('bbbbbbbb', 1000, (g) => expired.push(g.id));
		jest.advanceTimersByTime(600);
		manager.arm('aaaaaaaa', 1000, (g) => expired.push(g.id));
		jest.advanceTimersByTime(600);
		expect(expired).toEqual(['bbbbbbbb']);
		jest.advanceTimersByTime(500);
		expect(expired).toEqual(['bbbbbbbb', 'aaaaaaaa']);
		manager.add(game('cccccccc', 'c3', ['carol']));
		manager.arm('cccccccc', 1000, (g) => expired.push(g.id));
		manager.end('cccccccc');
		jest.advanceTimersByTime(5000);
		expect(expired).toEqual(['bbbbbbbb', 'aaaaaaaa']);
	});

	it('GIVEN games in two guilds THEN inGuild lists one guild and clear ends all', () => {
		const manager = new GameManager();
		manager.add(game('aaaaaaaa', 'c1', ['alice'], 'g1'));
		manager.add(game('bbbbbbbb', 'c2', ['bob'], 'g2'));
		expect(manager.inGuild('g2').map((g) => g.id)).toEqual(['bbbbbbbb']);
		expect(manager.clear()).toHaveLength(2);
		expect(manager.size).toBe(0);
		expect(manager.newId()).toMatch(/^[0-9a-z]{8}$/);
	});
});
