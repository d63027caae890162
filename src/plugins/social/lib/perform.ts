import { userMention } from '@discordjs/formatters';
import { container } from '@sapphire/framework';
import {
	AttachmentBuilder,
	escapeMarkdown,
	MessageFlags,
	type BaseMessageOptions,
	type ChatInputCommandInteraction,
	type GuildMember,
	type User,
	type UserContextMenuCommandInteraction
} from 'discord.js';
import { randomInt } from 'node:crypto';
import { pluginConfig } from '#core/plugins/settings';
import { cardAvatarUrl } from '#shared/images/memberCard';
import { replyWhenReady, resolveMember } from '#shared/images/reply';
import { DEFAULT_ACCENT } from '#shared/images/theme';
import { tikaEmbed } from '#shared/ui/embeds';
import plugin from '../plugin';
import { ACTIONS, type ActionName } from './actions';
import { isOptedOut, recordAction } from './counters';
import { renderActionImage, type ActionMember } from './image';
import { caption, counterLine } from './phrasing';
import { NO_MENTIONS, onlyPing, voice } from './voice';

export type ActionInteraction = ChatInputCommandInteraction | UserContextMenuCommandInteraction;

/**
 * Does `action` from the interaction's user to `target`: refuses self-targets, Tika, other bots (with a joke) and
 * members who opted out (politely, privately), otherwise counts it and answers with the picture (or an operator's
 * GIF), a line in Tika's voice and the pair counter. `resolved` is the member the option or menu resolved, if any.
 */
export async function performAction(interaction: ActionInteraction, action: ActionName, target: User, resolved: unknown): Promise<unknown> {
	const guildId = interaction.guildId!;
	const actor = interaction.user;
	const sassLevel = await container.settings.sassLevel(guildId);
	const mention = userMention(target.id);
	const speak = (category: Parameters<typeof voice.respond>[0]) =>
		voice.respond(category, { userId: actor.id, sassLevel, vars: { target: mention, action: ACTIONS[action].verb } });

	const joke = target.id === actor.id ? 'social_self' : target.id === interaction.client.user.id ? 'social_tika' : target.bot ? 'social_bot' : null;
	if (joke) return interaction.reply({ content: speak(joke), allowedMentions: NO_MENTIONS });
	if (await isOptedOut(target.id)) {
		return interaction.reply({ content: speak('social_opted_out'), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
	}

	const [actorMember, targetMember] = await Promise.all([
		resolveMember(interaction, actor, interaction.member),
		resolveMember(interaction, target, resolved)
	]);
	const count = await recordAction(guildId, actor.id, target.id, action);
	const actorName = actorMember?.displayName ?? actor.displayName;
	const targetName = targetMember?.displayName ?? target.displayName;
	const content = `${speak(`social_${action}`)}\n-# ${counterLine(action, `**${escapeMarkdown(actorName)}**`, mention, count)}`;
	const base = { content, allowedMentions: onlyPing(target.id) };

	const gif = pickGif(action);
	if (gif) return interaction.reply({ ...base, embeds: [tikaEmbed('brand').setImage(gif)] });
	const picture = renderActionImage(action, who(actor, actorMember, actorName), who(target, targetMember, targetName)).then(
		(image): BaseMessageOptions => ({
			...base,
			files: [new AttachmentBuilder(image, { name: `${action}.webp`, description: caption(action, actorName, targetName) })]
		})
	);
	return replyWhenReady(interaction, picture);
}

function who(user: User, member: GuildMember | null, name: string): ActionMember {
	return { name, avatarUrl: cardAvatarUrl(user, member), accent: member?.displayColor || DEFAULT_ACCENT };
}

/** One of the operator's GIFs for `action` (plugins.settings.social.gifs), or null to draw the picture. */
export function pickGif(action: ActionName, random: (max: number) => number = randomInt): string | null {
	const list = pluginConfig(plugin).gifs[action];
	return list?.length ? list[random(list.length)]! : null;
}

/** The picture as the first answer when it is ready in time, else deferred first (shared with /rank and /leaderboard). */
export { replyWhenReady };
