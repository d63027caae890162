import { container } from '@sapphire/framework';
import { PermissionFlagsBits, PermissionsBitField, type Guild, type GuildBasedChannel, type PermissionResolvable } from 'discord.js';
import { boardFromRow, type Board } from './boards';
import { MAX_EMOJIS_PER_CHAPEL, parseEmojiList, storeEmoji, type CustomEmoji, type ParsedEmoji } from './emoji';
import { chapel } from './runtime';
import type { BelowKeep, NsfwMode } from './rules';

/** A refusal: what went wrong (title) and how to fix it (detail). Nothing was changed. */
export interface Refusal {
	title: string;
	detail: string;
}

export type Checked<T> = { ok: true; value: T } | ({ ok: false } & Refusal);

const refused = (title: string, detail: string): { ok: false } & Refusal => ({ ok: false, title, detail });

/** What Tika needs in a chapel channel: see it, post there, embed the post. */
export const CHAPEL_PERMISSIONS = [
	PermissionFlagsBits.ViewChannel,
	PermissionFlagsBits.SendMessages,
	PermissionFlagsBits.EmbedLinks,
	PermissionFlagsBits.ReadMessageHistory
] as const;

/** What Tika needs in an autostar channel: see it and react there. */
export const AUTOSTAR_PERMISSIONS = [
	PermissionFlagsBits.ViewChannel,
	PermissionFlagsBits.AddReactions,
	PermissionFlagsBits.ReadMessageHistory
] as const;

/** The permissions Tika lacks in a channel, by name (empty when it has them all). */
export async function missingPermissions(guild: Guild, channel: GuildBasedChannel, wanted: readonly PermissionResolvable[]): Promise<string[]> {
	const me = guild.members.me ?? (await guild.members.fetchMe());
	const has = channel.permissionsFor(me);
	return new PermissionsBitField(wanted).toArray().filter((name) => !has?.has(name));
}

/** A text channel of this guild Tika knows, or a refusal (a channel from elsewhere, a deleted one, a voice channel...). */
export function checkTextChannel(guild: Guild, channelId: string | undefined): Checked<GuildBasedChannel & { nsfw?: boolean }> {
	const channel = channelId ? guild.channels.cache.get(channelId) : undefined;
	if (!channel) return refused('I cannot find that channel.', 'Pick a text channel of this server that I can see.');
	if (!channel.isTextBased() || channel.isVoiceBased() || channel.isThread())
		return refused(`${channel} is not a text channel.`, 'A chapel lives in a text or announcement channel.');
	return { ok: true, value: channel };
}

/**
 * The emojis an admin typed, checked: real emojis, at most five, and custom ones Tika can use (from a server Tika is
 * in, available, not locked to roles Tika lacks, and from another server only when Tika may use external emojis).
 */
export async function checkEmojis(guild: Guild, input: string): Promise<Checked<string[]>> {
	const parsed = parseEmojiList(input);
	if (!parsed.ok) {
		if (parsed.reason === 'too_many') return refused('That is too many emojis.', `A chapel counts at most ${MAX_EMOJIS_PER_CHAPEL} emojis.`);
		if (parsed.reason === 'empty') return refused('That is not an emoji.', 'Give the emoji itself, such as ⭐ or a custom emoji of this server.');
		return refused(
			`\`${parsed.token!.slice(0, 40)}\` is not an emoji.`,
			'Paste the emoji itself (⭐, not `:star:`), or a custom emoji of a server I am in.'
		);
	}
	const me = guild.members.me ?? (await guild.members.fetchMe());
	const myRoles = me.roles.cache.map((role) => role.id);
	const external = me.permissions.has(PermissionFlagsBits.UseExternalEmojis);
	const stored: string[] = [];
	for (const emoji of parsed.emojis) {
		const usable = emoji.kind === 'unicode' ? ({ ok: true, value: emoji } as const) : await resolveCustom(guild, emoji, myRoles, external);
		if (!usable.ok) return usable;
		stored.push(storeEmoji(usable.value));
	}
	return { ok: true, value: stored };
}

/**
 * A custom emoji Tika can use. Tika does not ask for emoji events (no GuildExpressions intent), so an emoji added to
 * this server since Tika connected is fetched once; one of another server must be in a server Tika is in.
 */
async function resolveCustom(guild: Guild, emoji: CustomEmoji, myRoles: string[], external: boolean): Promise<Checked<ParsedEmoji>> {
	const known = guild.client.emojis.cache.get(emoji.id) ?? (await guild.emojis.fetch(emoji.id).catch(() => null));
	const label = emoji.name === '_' ? `The emoji ${emoji.id}` : `:${emoji.name}:`;
	if (!known)
		return refused(`${label} is not an emoji I can use.`, 'It belongs to a server I am not in. Use an emoji of this server, or a unicode one.');
	if (known.available === false) return refused(`${label} is not available.`, 'Its server lost the boost level it needs. Pick another emoji.');
	if (known.guild.id !== guild.id && !external)
		return refused(
			`${label} is from another server.`,
			'I need the Use External Emojis permission here to use it, or pick an emoji of this server.'
		);
	const roles = known.roles.cache;
	if (roles.size > 0 && !myRoles.some((id) => roles.has(id)))
		return refused(`${label} is locked to some roles.`, 'I do not have any of the roles allowed to use it. Pick another emoji.');
	return { ok: true, value: { kind: 'custom', id: known.id, name: known.name ?? emoji.name, animated: Boolean(known.animated) } };
}

/** Changes `/chapel config` can make. */
export interface BoardPatch {
	emojis?: string[];
	threshold?: number;
	keepThreshold?: number | null;
	belowKeep?: BelowKeep;
	selfVote?: boolean;
	botMessages?: boolean;
	maxAgeDays?: number | null;
	nsfw?: NsfwMode;
	ignoredChannels?: string[];
	autostarChannels?: string[];
	enabled?: boolean;
}

/** Creates the chapel in this channel, or updates (and re-enables) the one already there. */
export async function upsertBoard(
	guildId: string,
	channelId: string,
	create: { emojis: string[]; threshold: number; createdBy: string },
	update: BoardPatch
): Promise<{ board: Board; created: boolean }> {
	const existing = await container.prisma.chapelBoard.findUnique({ where: { guildId_channelId: { guildId, channelId } } });
	const row = existing
		? await container.prisma.chapelBoard.update({ where: { id: existing.id }, data: { ...update, enabled: true } })
		: await container.prisma.chapelBoard.create({
				data: { guildId, channelId, ...create, ignoredChannels: [], autostarChannels: [], enabled: true }
			});
	const board = boardFromRow(row);
	chapel().boards.put(board);
	return { board, created: !existing };
}

/** Applies a patch to a chapel and refreshes the in-memory copy the events read. */
export async function updateBoard(board: Board, patch: BoardPatch): Promise<Board> {
	const row = await container.prisma.chapelBoard.update({ where: { id: board.id }, data: patch });
	const updated = boardFromRow(row);
	const engine = chapel();
	if (!updated.enabled) engine.forget(updated.id);
	engine.boards.put(updated);
	return updated;
}

/** The guild's enabled chapels, loading them first if this is the first use since start. */
export async function guildBoards(guildId: string): Promise<readonly Board[]> {
	const engine = chapel();
	await engine.ready();
	return engine.boards.forGuild(guildId);
}

/** The chapel an admin means: the one in `channelId`, or the only one; several and none named is a refusal. */
export async function pickBoard(guildId: string, channelId: string | null | undefined): Promise<Checked<Board>> {
	const boards = await guildBoards(guildId);
	if (boards.length === 0) return refused('This server has no chapel yet.', 'Create one with `/chapel setup`.');
	if (channelId) {
		const board = boards.find((candidate) => candidate.channelId === channelId);
		return board
			? { ok: true, value: board }
			: refused(`<#${channelId}> is not a chapel.`, `Chapels here: ${boards.map((b) => `<#${b.channelId}>`).join(', ')}.`);
	}
	if (boards.length === 1) return { ok: true, value: boards[0]! };
	return refused(
		'Which chapel?',
		`This server has several: ${boards.map((b) => `<#${b.channelId}>`).join(', ')}. Name one with the \`chapel\` option.`
	);
}
