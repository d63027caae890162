import { ChannelType } from 'discord.js';

/** How channel types are named in /serverstats, in display order. Threads are left out: they come and go. */
const CHANNEL_KINDS: [string, readonly ChannelType[]][] = [
	['Text', [ChannelType.GuildText]],
	['Voice', [ChannelType.GuildVoice]],
	['Announcement', [ChannelType.GuildAnnouncement]],
	['Forum', [ChannelType.GuildForum, ChannelType.GuildMedia]],
	['Stage', [ChannelType.GuildStageVoice]],
	['Category', [ChannelType.GuildCategory]]
];

/** Channel counts by kind (kinds with none are omitted) and the total of non-thread channels. */
export function channelsByType(types: Iterable<ChannelType>): { counts: [string, number][]; total: number } {
	const tally = new Map<string, number>();
	let total = 0;
	for (const type of types) {
		const kind = CHANNEL_KINDS.find(([, members]) => members.includes(type));
		if (!kind) continue;
		tally.set(kind[0], (tally.get(kind[0]) ?? 0) + 1);
		total++;
	}
	return { counts: CHANNEL_KINDS.map(([name]) => [name, tally.get(name) ?? 0] as [string, number]).filter(([, count]) => count > 0), total };
}

export interface MemberBreakdown {
	total: number;
	humans: number;
	bots: number;
	/** False when bots/humans come from a partial cache (large servers). */
	complete: boolean;
	/** Members the split was counted from. */
	counted: number;
}

/** Splits members into humans and bots; `total` is Discord's count, which may exceed what was seen. */
export function memberBreakdown(total: number, seen: Iterable<{ bot: boolean }>, complete: boolean): MemberBreakdown {
	let bots = 0;
	let counted = 0;
	for (const user of seen) {
		counted++;
		if (user.bot) bots++;
	}
	if (complete) return { total, humans: Math.max(0, total - bots), bots, complete: true, counted };
	return { total, humans: counted - bots, bots, complete: false, counted };
}

const count = (value: number, noun: string) => `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;

export function formatMembers(members: MemberBreakdown): string {
	const split = `${count(members.humans, 'human')} · ${count(members.bots, 'bot')}`;
	if (members.complete) return `**${members.total.toLocaleString('en-US')}**\n${split}`;
	return `**${members.total.toLocaleString('en-US')}**\nOf ${members.counted.toLocaleString('en-US')} cached: ${split}`;
}

const TIER_NAMES = ['No level', 'Level 1', 'Level 2', 'Level 3'];

export function formatBoosts(count: number, tier: number): string {
	return `**${count}** boost${count === 1 ? '' : 's'}\n${TIER_NAMES[tier] ?? `Level ${tier}`}`;
}
