import { container } from '@sapphire/framework';
import {
	AttachmentBuilder,
	MessageFlags,
	type BaseMessageOptions,
	type ChatInputCommandInteraction,
	type GuildMember,
	type RepliableInteraction,
	type User
} from 'discord.js';
import { setTimeout as delay } from 'node:timers/promises';
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
	await replyWhenReady(
		interaction,
		render.then((card) => ({ files: [cardAttachment(card, target)] }))
	);
}

/**
 * Sends `payload` as the first answer when it is ready within {@link DEFER_AFTER_MS} (one REST call, the usual case: a
 * picture takes tens of ms); otherwise (an avatar CDN taking its time) defers first, as Discord wants an answer within
 * 3 s, and edits the deferred answer. A payload that fails rejects here (the core answers the error).
 */
export async function replyWhenReady(interaction: RepliableInteraction, payload: Promise<BaseMessageOptions>): Promise<unknown> {
	const patience = new AbortController();
	const waited = delay(DEFER_AFTER_MS, null, { signal: patience.signal }).catch(() => null);
	const early = await Promise.race([payload, waited]).finally(() => patience.abort());
	if (early) return interaction.reply(early);
	await interaction.deferReply();
	return interaction.editReply(await payload);
}

/** The member object for `user` in the interaction's guild (resolved option first, then cache, then one fetch); null if they left. */
export async function resolveMember(interaction: RepliableInteraction, user: User, resolved: unknown): Promise<GuildMember | null> {
	if (resolved && typeof resolved === 'object' && 'displayName' in resolved && 'guild' in resolved) return resolved as GuildMember;
	const guild = interaction.guild;
	if (!guild) return null;
	return guild.members.cache.get(user.id) ?? (await guild.members.fetch(user.id).catch(() => null));
}
