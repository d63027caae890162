import { container } from '@sapphire/framework';
import {
	AttachmentBuilder,
	MessageFlags,
	type ChatInputCommandInteraction,
	type GuildMember,
	type RepliableInteraction,
	type User
} from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { RANK_CARD_FILE, renderMemberCard, type CardStatsSource } from './memberCard';

/** The card as an attachment, with alt text for screen readers. */
export function cardAttachment(card: Buffer, user: User, name = RANK_CARD_FILE): AttachmentBuilder {
	return new AttachmentBuilder(card, { name, description: `Rank card of ${user.username}` });
}

/** Bots earn no XP and have no profile: a polite, private refusal instead of an empty card. Returns true when refused. */
export async function refuseBot(interaction: RepliableInteraction, target: User): Promise<boolean> {
	if (!target.bot) return false;
	const sassLevel = await container.settings.sassLevel(interaction.guildId);
	await interaction.reply({
		embeds: [
			SmartEmbed.error(`${target.username} is a bot`, 'Bots do not earn XP or keep a profile, so there is no card to show. Try a human!', {
				category: 'user_fault',
				userId: interaction.user.id,
				sassLevel
			})
		],
		flags: MessageFlags.Ephemeral
	});
	return true;
}

/** After this long without a card, the interaction is deferred (Discord allows 3 s for the first answer). */
export const DEFER_AFTER_MS = 1_000;

/**
 * Answers with `target`'s combined rank/profile card. The card usually takes ~25 ms, so it is sent as the first answer
 * (one REST call); only when it is slow (an avatar CDN taking its time) is the interaction deferred first.
 */
export async function replyWithMemberCard(
	interaction: RepliableInteraction | ChatInputCommandInteraction,
	target: User,
	member: GuildMember | null,
	stats: CardStatsSource | undefined
): Promise<void> {
	if (await refuseBot(interaction, target)) return;
	const render = renderMemberCard(interaction.guild!, target, member, stats);
	let timer: NodeJS.Timeout | undefined;
	const slow = new Promise<null>((resolve) => {
		timer = setTimeout(() => resolve(null), DEFER_AFTER_MS);
	});
	const early = await Promise.race([render, slow]).finally(() => clearTimeout(timer));
	if (early) {
		await interaction.reply({ files: [cardAttachment(early, target)] });
		return;
	}
	await interaction.deferReply();
	await interaction.editReply({ files: [cardAttachment(await render, target)] });
}

/** The member object for `user` in the interaction's guild (resolved option first, then cache, then one fetch); null if they left. */
export async function resolveMember(interaction: RepliableInteraction, user: User, resolved: unknown): Promise<GuildMember | null> {
	if (resolved && typeof resolved === 'object' && 'displayName' in resolved && 'guild' in resolved) return resolved as GuildMember;
	const guild = interaction.guild;
	if (!guild) return null;
	return guild.members.cache.get(user.id) ?? (await guild.members.fetch(user.id).catch(() => null));
}
