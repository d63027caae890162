import { container } from '@sapphire/framework';
import { DiscordAPIError, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes, Routes, type APIMessage, type Message } from 'discord.js';
import { pluginConfig } from '#core/plugins/settings';
import { channelLineage } from '#shared/utils/channels';
import plugin from '../../plugin';
import { deleteButtonRow } from './button';
import { embeddedKeys } from './embeds';
import { extractLinks, type ExtractResult } from './extract';
import { planFix, type FixPlan } from './plan';
import type { FixRecord } from './posts';
import { linkFixRuntime, type LinkFixRuntime } from './runtime';
import { exclusionOf, siteEnabled, type LinkFixSettings } from './settings';

/** A fix is a courtesy: it never pings anyone, the poster included (API form: the writes below go through REST). */
export const NO_PINGS = Object.freeze({ parse: [], replied_user: false });

/**
 * The message handler's work for one message, run off the routing path (the router does not wait for it): read the
 * settings, wait for Discord's embeds when the guild fixes only missing ones, then post, update or remove the fix.
 *
 * `content` is the text as routed. The message object itself is not re-read: discord.js patches cached messages from
 * the `referenced_message` of REST answers too, which can be older than the gateway's latest edit. An edit made while
 * this runs is queued behind it and corrects the fix.
 *
 * `edited` is true for MESSAGE_UPDATE with new text: the existing fix follows the message (updated, or removed when
 * the links are gone), and a fix is posted when an edit adds links to a message that had none.
 */
export async function fixLinks(message: Message<true>, content: string, edited: boolean): Promise<void> {
	const runtime = linkFixRuntime();
	const existing = edited ? await runtime.fixOf(message.id) : undefined;
	const settings = await runtime.settings(message.guildId);
	const config = pluginConfig(plugin).link_fix;

	let found = extractLinks(content, config.max_links_per_message);
	let embedded: ReadonlySet<string> | undefined;
	if (found.links.length > 0 && !(await mayFix(message, settings))) found = { links: [], embeddable: found.embeddable };
	else if (found.links.length > 0 && settings.onlyMissingEmbeds) {
		const keys = found.links.filter((link) => siteEnabled(settings, link.site)).map((link) => link.key);
		const embeds = edited ? message.embeds : await runtime.embeds.wait(message.id, keys, message.embeds, config.embed_wait_ms);
		if (embeds === null) return;
		embedded = embeddedKeys(embeds);
	}
	if (runtime.wasDeleted(message.id)) return;

	const plan = planFix(found.links, { settings, mirrors: config.mirrors, health: runtime.health, embedded });
	if (existing) return syncFix(runtime, message, existing, plan, found);
	if (plan.fixed.length > 0) return postFix(runtime, message, plan, found);
}

/** Channel and role exclusions, then the member's own opt-out (the only await, and only for messages with links). */
async function mayFix(message: Message<true>, settings: LinkFixSettings): Promise<boolean> {
	let roleIds: Iterable<string> = [];
	if (settings.ignoredRoles.length > 0) {
		const member = message.member ?? (await message.guild.members.fetch(message.author.id).catch(() => null));
		roleIds = member?.roles.cache.keys() ?? [];
	}
	if (exclusionOf(settings, { channelIds: channelLineage(message.channel), roleIds }) !== null) return false;
	return !(await linkFixRuntime().isOptedOut(message.author.id));
}

/** A reply needs these (replying reads history); without Embed Links a fix would not embed either, so nothing is posted. */
const REPLY_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.EmbedLinks;

function canReply(message: Message<true>): boolean {
	const me = message.guild.members.me;
	if (!me) return true;
	const permissions = message.channel.permissionsFor(me);
	const send = message.channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
	return permissions.has(REPLY_PERMISSIONS | send);
}

async function postFix(runtime: LinkFixRuntime, message: Message<true>, plan: FixPlan, found: ExtractResult): Promise<void> {
	if (!canReply(message)) return;
	const posted = await runtime.posting(async () => {
		let reply: APIMessage;
		try {
			reply = (await container.client.rest.post(Routes.channelMessages(message.channelId), {
				body: {
					content: plan.content,
					components: [deleteButtonRow(message.author.id).toJSON()],
					allowed_mentions: NO_PINGS,
					// Fails (instead of posting an orphan) when the message was deleted meanwhile.
					message_reference: { message_id: message.id, fail_if_not_exists: true }
				}
			})) as APIMessage;
		} catch (error) {
			if (isGone(error)) return false;
			throw error;
		}
		// The fix itself was deleted (by hand) before Tika had its id: nothing to remember.
		if (runtime.deletedWhilePosting(reply.id)) return false;
		const record = { sourceMessageId: message.id, fixMessageId: reply.id, channelId: message.channelId, authorId: message.author.id };
		await runtime.saveFix(record, message.guildId);
		// ... or while it was being stored: the delete listener found no record yet.
		if (runtime.deletedWhilePosting(reply.id)) {
			await runtime.forgetFix(message.id);
			return false;
		}
		return true;
	});
	if (!posted) return;
	// Deleted while we were posting: the delete listener found no fix yet, so remove it here.
	if (runtime.wasDeleted(message.id)) return removeFix(runtime, runtime.index.bySource(message.id));
	await suppressOriginal(message, plan, found);
}

async function syncFix(runtime: LinkFixRuntime, message: Message<true>, existing: FixRecord, plan: FixPlan, found: ExtractResult): Promise<void> {
	if (plan.fixed.length === 0) return removeFix(runtime, existing);
	// The fix is Tika's own recent message, normally cached: an edit that did not change the links costs no request.
	if (message.channel.messages.cache.get(existing.fixMessageId)?.content !== plan.content) {
		try {
			await container.client.rest.patch(Routes.channelMessage(existing.channelId, existing.fixMessageId), {
				body: { content: plan.content, allowed_mentions: NO_PINGS }
			});
		} catch (error) {
			if (isGone(error)) return runtime.forgetFix(message.id);
			throw error;
		}
	}
	await suppressOriginal(message, plan, found);
}

/** Deletes a fix message and forgets it (the source was deleted, or its links were edited away). */
export async function removeFix(runtime: LinkFixRuntime, record: FixRecord | undefined): Promise<void> {
	if (!record) return;
	await runtime.forgetFix(record.sourceMessageId);
	try {
		await container.client.rest.delete(Routes.channelMessage(record.channelId, record.fixMessageId));
	} catch (error) {
		if (!isGone(error)) throw error;
	}
}

/**
 * Hides the original's own (broken) embeds so the fix is not shown twice, the way a member would with "Remove all
 * embeds". Only with Manage Messages in the channel (without it Discord refuses, so nothing is asked), and only when
 * every embeddable link of the message was fixed: otherwise it would also hide a YouTube preview or a site the guild
 * switched off.
 */
async function suppressOriginal(message: Message<true>, plan: FixPlan, found: ExtractResult): Promise<void> {
	if (plan.fixed.length < found.embeddable || message.flags.has(MessageFlags.SuppressEmbeds)) return;
	const me = message.guild.members.me;
	if (!me || !message.channel.permissionsFor(me).has(PermissionFlagsBits.ManageMessages)) return;
	try {
		await container.client.rest.patch(Routes.channelMessage(message.channelId, message.id), {
			body: { flags: message.flags.bitfield | MessageFlags.SuppressEmbeds }
		});
	} catch (error) {
		if (!isGone(error) && !(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions)) throw error;
	}
}

/** The message (or its channel) no longer exists, or the reply's reference does not: nothing left to do. */
function isGone(error: unknown): boolean {
	if (!(error instanceof DiscordAPIError)) return false;
	return (
		error.code === RESTJSONErrorCodes.UnknownMessage ||
		error.code === RESTJSONErrorCodes.UnknownChannel ||
		// "Invalid Form Body" on a reply: message_reference points at a deleted message.
		(error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType && JSON.stringify(error.rawError).includes('MESSAGE_REFERENCE'))
	);
}

/** Messages were deleted: their fixes go too, and deleted fixes are forgotten. One map look-up per message without one. */
export async function forgetDeleted(messageIds: readonly string[]): Promise<void> {
	const runtime = linkFixRuntime();
	for (const id of messageIds) {
		runtime.markDeleted(id);
		runtime.noteDeleted(id);
		if (!runtime.index.mayConcern(id)) continue;
		const asSource = await runtime.fixOf(id);
		if (asSource) {
			await removeFix(runtime, asSource);
			continue;
		}
		const asFix = await runtime.recordOfFix(id);
		if (asFix) await runtime.forgetFix(asFix.sourceMessageId);
	}
}
