import type { Board } from '../../../src/plugins/chapel/lib/boards';
import { BoardRegistry } from '../../../src/plugins/chapel/lib/boards';
import { storedKey } from '../../../src/plugins/chapel/lib/emoji';
import { parseMessagePointer } from '../../../src/plugins/chapel/lib/links';
import { countLine, postContent, renderPost, type SourceSnapshot } from '../../../src/plugins/chapel/lib/render';
import { emptyVotes, hasVoteWork, recordChange, recordClear } from '../../../src/plugins/chapel/lib/votes';
import { rules } from './fixtures';

const board = (patch: Partial<Board> & { id: number; guildId: string }): Board => {
	const emojis = patch.emojis ?? ['⭐'];
	return {
		...rules({ channelId: `chapel-${patch.id}` }),
		autostarChannels: [],
		enabled: true,
		...patch,
		emojis,
		keys: new Set(emojis.map(storedKey))
	};
};

describe('the chapel registry', () => {
	it('GIVEN chapels in one guild THEN reactions are matched by emoji key, other guilds and emojis match nothing', () => {
		const registry = new BoardRegistry();
		registry.put(board({ id: 1, guildId: 'g1', emojis: ['⭐', 'blessed:123456789012345678'] }));
		registry.put(board({ id: 2, guildId: 'g1', emojis: ['❤️'], autostarChannels: ['art'] }));
		expect(registry.matching('g1', '⭐').map((b) => b.id)).toEqual([1]);
		expect(registry.matching('g1', '123456789012345678').map((b) => b.id)).toEqual([1]);
		expect(registry.matching('g1', '❤').map((b) => b.id)).toEqual([2]);
		expect(registry.matching('g1', '😂')).toHaveLength(0);
		expect(registry.matching('g2', '⭐')).toHaveLength(0);
		expect(registry.autostarring('g1', 'art').map((b) => b.id)).toEqual([2]);
		expect(registry.knows('g1')).toBe(true);
		expect(registry.knows('g2')).toBe(false);
	});

	it('GIVEN a chapel disabled THEN it stops matching, but the guild is still known (its posts still follow deletions)', () => {
		const registry = new BoardRegistry();
		registry.put(board({ id: 1, guildId: 'g1' }));
		registry.put(board({ id: 1, guildId: 'g1', enabled: false }));
		expect(registry.matching('g1', '⭐')).toHaveLength(0);
		expect(registry.forGuild('g1')).toHaveLength(0);
		expect(registry.knows('g1')).toBe(true);
	});
});

describe('pending votes', () => {
	it('GIVEN a reaction added then taken back THEN only the last change is written', () => {
		const votes = emptyVotes();
		expect(hasVoteWork(votes)).toBe(false);
		recordChange(votes, 'alice', '⭐', true);
		recordChange(votes, 'alice', '⭐', false);
		recordChange(votes, 'bob', '⭐', true);
		expect([...votes.changes.values()]).toEqual([
			{ voterId: 'alice', emoji: '⭐', add: false },
			{ voterId: 'bob', emoji: '⭐', add: true }
		]);
	});

	it('GIVEN reactions cleared THEN earlier changes are dropped and later ones kept', () => {
		const votes = emptyVotes();
		recordChange(votes, 'alice', '⭐', true);
		recordChange(votes, 'alice', '🌟', true);
		recordClear(votes, '⭐');
		expect([...votes.changes.keys()]).toEqual(['alice:🌟']);
		expect(votes.cleared).toEqual(new Set(['⭐']));
		recordClear(votes, null);
		recordChange(votes, 'bob', '⭐', true);
		expect(votes.cleared).toBe('all');
		expect([...votes.changes.keys()]).toEqual(['bob:⭐']);
	});
});

describe('message links', () => {
	it('GIVEN links from every Discord client, or a bare id THEN the message is found; anything else is refused', () => {
		const ids = { guildId: '111111111111111111', channelId: '222222222222222222', messageId: '333333333333333333' };
		for (const host of ['discord.com', 'canary.discord.com', 'ptb.discord.com', 'discordapp.com'])
			expect(parseMessagePointer(`https://${host}/channels/${ids.guildId}/${ids.channelId}/${ids.messageId}`)).toEqual(ids);
		expect(parseMessagePointer(`<https://discord.com/channels/${ids.guildId}/${ids.channelId}/${ids.messageId}>`)).toEqual(ids);
		expect(parseMessagePointer(' 333333333333333333 ')).toEqual({ guildId: null, channelId: null, messageId: '333333333333333333' });
		expect(parseMessagePointer('not a link')).toBeNull();
		expect(parseMessagePointer('https://example.com/channels/1/2/3')).toBeNull();
	});
});

describe('chapel posts', () => {
	const source: SourceSnapshot = {
		url: 'https://discord.com/channels/1/2/3',
		channelId: '2',
		content: 'hello',
		createdAt: new Date('2026-01-01T00:00:00Z'),
		author: { name: 'Alice', avatarUrl: null },
		image: 'https://cdn.example/a.png',
		video: 'https://cdn.example/b.mp4',
		otherFiles: ['notes.txt'],
		reply: { author: 'Bob', content: 'question?', url: 'https://discord.com/channels/1/2/1' }
	};

	it('GIVEN a count THEN the first line shows emoji, count, channel and the frozen and picked marks', () => {
		expect(countLine({ emojis: ['⭐'], count: 5, frozen: false, forcedBy: null }, '2')).toBe('⭐ **5** · <#2>');
		expect(countLine({ emojis: ['blessed:123456789012345678'], count: 1, frozen: true, forcedBy: '9' }, '2')).toBe(
			'<:blessed:123456789012345678> **1** · <#2> · ❄️ frozen · picked by <@9>'
		);
		expect(postContent({ emojis: ['⭐'], count: 5, frozen: false, forcedBy: null }, source)).toBe('⭐ **5** · <#2>\nhttps://cdn.example/b.mp4');
	});

	it('GIVEN a source THEN the post embeds author, text, image, reply and files, with Jump and Remove buttons and no pings', () => {
		const post = renderPost({ emojis: ['⭐'], count: 5, frozen: false, forcedBy: null }, source);
		const embed = post.embeds[0]!.toJSON();
		expect(embed.author?.name).toBe('Alice');
		expect(embed.description).toBe('hello');
		expect(embed.image?.url).toBe(source.image);
		expect(embed.fields?.map((field) => field.name)).toEqual(['Replying to Bob', 'Attachments']);
		const buttons = post.components[0]!.toJSON().components as { url?: string; custom_id?: string }[];
		expect(buttons[0]!.url).toBe(source.url);
		expect(buttons[1]!.custom_id).toBe('chapel:withdraw');
		expect(post.allowedMentions).toEqual({ parse: [] });
	});
});
