import { container } from '@sapphire/framework';
import { MessageFlags, type Message, type RepliableInteraction } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import { SmartEmbed } from '#shared/ui/embeds';
import { refuse } from '#shared/ui/refuse';
import plugin from '../plugin';
import type { Board } from './boards';
import { displayEmoji } from './emoji';
import { messageIneligibility } from './rules';
import { chapel } from './runtime';

const voice = pluginVoice(plugin);

/** `chapel:send:<channelId>:<messageId>`: the chapel picker shown when a server has several chapels. */
export const SEND_SELECT_PREFIX = 'chapel:send:';

const nsfwOf = (message: Message, channelId: string): boolean => {
	const channel = message.guild?.channels.cache.get(channelId);
	if (!channel) return false;
	if (channel.isThread()) return Boolean(channel.parent && 'nsfw' in channel.parent && channel.parent.nsfw);
	return 'nsfw' in channel && Boolean(channel.nsfw);
};

/**
 * "Send to Chapel": posts the message on `board` whatever its count, and says so. Refused (nothing changed) when the
 * NSFW rule forbids it, when the message is a chapel post itself, or when its author took it off the chapel.
 */
export async function sendToChapel(interaction: RepliableInteraction, board: Board, message: Message): Promise<void> {
	const refuseWith = (title: string, detail: string) => refuse(interaction, title, detail, { category: voice.category('chapel_refused') });
	const facts = {
		channelId: message.channelId,
		parentId: message.channel.isThread() ? message.channel.parentId : null,
		createdAt: message.createdTimestamp,
		authorBot: message.author.bot,
		sourceNsfw: nsfwOf(message, message.channelId),
		chapelNsfw: nsfwOf(message, board.channelId)
	};
	const why = messageIneligibility(board, facts, Date.now(), true);
	if (why === 'nsfw')
		return refuseWith(
			'That message is from an age-restricted channel.',
			board.nsfw === 'never' || facts.chapelNsfw
				? `<#${board.channelId}> never takes age-restricted content.`
				: `<#${board.channelId}> is not age-restricted, so age-restricted content never goes there.`
		);
	if (why === 'chapel_channel') return refuseWith('That message is in the chapel already.', 'Pick the original message instead.');
	const engine = chapel();
	const before = await engine.post(board.id, message.id);
	if (before?.status === 'withdrawn' || before?.status === 'deleted')
		return refuseWith('That message was taken off the chapel.', 'Its author (or a moderator) removed it; it stays off.');
	if (!interaction.deferred && !interaction.replied) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
	const row = await engine.highlight(board, message, interaction.user.id);
	if (!row?.postId || row.status !== 'posted')
		return refuseWith(`I could not post in <#${board.channelId}>.`, 'Check that I can view, send messages and embed links there.');
	const sassLevel = await container.settings.sassLevel(interaction.guildId);
	const line = voice.say(
		'chapel_highlighted',
		{ userId: interaction.user.id, sassLevel, vars: { chapel: `<#${board.channelId}>`, count: String(row.count) } },
		`Sent to <#${board.channelId}> regardless of its count.`
	);
	const already = before?.status === 'posted' || before?.status === 'frozen';
	const detail = `It has ${row.count} ${displayEmoji(board.emojis[0] ?? '⭐')} (threshold ${board.threshold}): posted regardless of its count${
		already ? ', and it now stays whatever its count' : ''
	}.`;
	await interaction.editReply({ embeds: [SmartEmbed.success(already ? 'Kept in the chapel' : 'Sent to the chapel', `${line}\n${detail}`)] });
}
