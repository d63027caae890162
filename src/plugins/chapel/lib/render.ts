import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Message } from 'discord.js';
import { TikaEmbed } from '#shared/ui/embeds';
import { truncate } from '#shared/ui/limits';
import { displayEmoji } from './emoji';

/** The custom id of the "Remove mine" button on chapel posts (the post is found by the message it is on). */
export const WITHDRAW_BUTTON_ID = 'chapel:withdraw';

/** Chapel gold, deepening as the count grows. */
const COLORS = [0xffe3af, 0xffd889, 0xffcc61, 0xffc133, 0xffbb09] as const;

/** What a post shows of its source message; built from a discord.js Message by {@link snapshotOf}. */
export interface SourceSnapshot {
	url: string;
	channelId: string;
	content: string;
	createdAt: Date;
	author: { name: string; avatarUrl: string | null };
	/** The first image (attachment or embed image), shown in the embed. */
	image: string | null;
	/** The first video, linked in the post's text so Discord plays it. */
	video: string | null;
	/** Other attachments, named in a line. */
	otherFiles: string[];
	reply: { author: string; content: string; url: string } | null;
}

export interface PostLook {
	/** The chapel's stored emojis: the first one leads the count. */
	emojis: readonly string[];
	count: number;
	frozen: boolean;
	/** Who sent it with "Send to Chapel", if anyone. */
	forcedBy: string | null;
}

/** The first line of a post: `⭐ **5** · #channel`, with the frozen or hand-picked marks. */
export function countLine(look: PostLook, channelId: string): string {
	const marks = [look.frozen ? '❄️ frozen' : null, look.forcedBy ? `picked by <@${look.forcedBy}>` : null].filter(Boolean);
	return [`${displayEmoji(look.emojis[0] ?? '⭐')} **${look.count}**`, `<#${channelId}>`, ...marks].join(' · ');
}

/** The post's text: the count line, then the video URL (on its own line, so Discord embeds the player). */
export function postContent(look: PostLook, source: Pick<SourceSnapshot, 'channelId' | 'video'>): string {
	return source.video ? `${countLine(look, source.channelId)}\n${source.video}` : countLine(look, source.channelId);
}

/** The full post: text, the embed (author, content, image, reply preview, time), and the Jump and Remove buttons. */
export interface RenderedPost {
	content: string;
	embeds: TikaEmbed[];
	components: ActionRowBuilder<ButtonBuilder>[];
	allowedMentions: { parse: [] };
}

export function renderPost(look: PostLook, source: SourceSnapshot): RenderedPost {
	const embed = new TikaEmbed()
		.setColor(COLORS[Math.min(COLORS.length - 1, Math.floor(Math.log2(Math.max(1, look.count))))]!)
		.setAuthor({ name: source.author.name, ...(source.author.avatarUrl ? { iconURL: source.author.avatarUrl } : {}) })
		.setTimestamp(source.createdAt)
		.setFooter({ text: 'Chapel' });
	if (source.content.trim()) embed.setDescription(source.content);
	if (source.image) embed.setImage(source.image);
	if (source.reply) {
		embed.addFields({
			name: `Replying to ${source.reply.author}`,
			value: `${truncate(source.reply.content || '*(no text)*', 300)}\n[Original](${source.reply.url})`
		});
	}
	if (source.otherFiles.length) embed.addFields({ name: 'Attachments', value: source.otherFiles.map((name) => `\`${name}\``).join(', ') });
	const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('Jump').setURL(source.url),
		new ButtonBuilder().setStyle(ButtonStyle.Secondary).setLabel('Remove mine').setCustomId(WITHDRAW_BUTTON_ID)
	);
	return { content: postContent(look, source), embeds: [embed], components: [buttons], allowedMentions: { parse: [] } };
}

const IMAGE = /\.(png|jpe?g|gif|webp|avif)(\?|$)/i;
const VIDEO = /\.(mp4|webm|mov)(\?|$)/i;

function isImage(file: { contentType?: string | null; name?: string | null; url: string }): boolean {
	return Boolean(file.contentType?.startsWith('image/') || IMAGE.test(file.name ?? '') || IMAGE.test(file.url));
}

function isVideo(file: { contentType?: string | null; name?: string | null; url: string }): boolean {
	return Boolean(file.contentType?.startsWith('video/') || VIDEO.test(file.name ?? '') || VIDEO.test(file.url));
}

/** What a post needs of a message (and the message it replies to, when Tika could fetch it). */
export function snapshotOf(message: Message, reply: Message | null): SourceSnapshot {
	const files = [...message.attachments.values()];
	const image =
		files.find((file) => isImage(file))?.url ??
		message.embeds.map((embed) => embed.image?.url ?? embed.thumbnail?.url).find((url): url is string => Boolean(url)) ??
		null;
	const video =
		files.find((file) => isVideo(file))?.url ??
		message.embeds.map((embed) => embed.video?.url).find((url): url is string => Boolean(url)) ??
		null;
	const shown = new Set([image, video]);
	return {
		url: message.url,
		channelId: message.channelId,
		content: message.content || message.embeds.find((embed) => embed.description)?.description || '',
		createdAt: message.createdAt,
		author: {
			name: message.member?.displayName ?? message.author.displayName,
			avatarUrl: (message.member ?? message.author).displayAvatarURL({ extension: 'png', size: 128 })
		},
		image,
		video,
		otherFiles: files.filter((file) => !shown.has(file.url)).map((file) => file.name),
		reply: reply ? { author: reply.member?.displayName ?? reply.author.displayName, content: reply.content, url: reply.url } : null
	};
}
