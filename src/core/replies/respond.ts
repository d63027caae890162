/**
 * The Discord side of the command lifecycle replies: finds the guild's sass level, records the user's frustration,
 * renders the embed and sends it the one way Discord still accepts for that interaction. Every command-denied and
 * command-error listener goes through here, so a refusal reads the same whichever way the command was invoked.
 */
import { container, type UserError } from '@sapphire/framework';
import {
	DiscordAPIError,
	Message,
	MessageFlags,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
	type BaseMessageOptions,
	type ContextMenuCommandInteraction,
	type Interaction,
	type RepliableInteraction
} from 'discord.js';
import { getPersonality } from '#shared/personality/default';
import type { FrustrationKind } from '#shared/personality/FrustrationTracker';
import { DEFAULT_SASS_LEVEL, type SassLevel } from '#shared/personality/types';
import { SmartEmbed, type TikaEmbed } from '#shared/ui/embeds';
import { describeCommandError, describeDenial, type CommandKind, type CommandSubject, type DenialReply } from './denials';
import { createErrorId } from './errorId';

/** Where a reply goes: the interaction that was refused or failed, or the prefix command's message. */
export type ReplyTarget = RepliableInteraction | ContextMenuCommandInteraction | Message;

/** Longest error message shown to an owner; the log has the rest. */
const OWNER_DETAIL_MAX = 900;

/** The subject of a reply about a command, with the label the user typed (`/name`, `!tika name`, or the menu entry). */
export function commandSubject(name: string, kind: CommandKind, target: ReplyTarget): CommandSubject {
	if (kind === 'chatInput') return { name, kind, label: `/${name}` };
	if (kind === 'message' && target instanceof Message) {
		const prefix = container.config?.bot.commandPrefix[0] ?? '';
		return { name, kind, label: `${prefix}${name}` };
	}
	return { name, kind, label: name };
}

/** A precondition refused the command. Silent denials (Sapphire's `context.silent`) only get logged. */
export async function answerDenial(error: UserError, target: ReplyTarget, subject: CommandSubject): Promise<void> {
	const { userId, guildId } = who(target);
	container.stats?.recordDenied();
	container.logger.debug(`[denied] ${subject.label} for user ${userId} in ${where(guildId)}: ${error.identifier}`);
	if (isSilent(error.context)) return;
	const reply = describeDenial(error, subject);
	recordFrustration(userId, reply.frustration, subject.name);
	await deliver(target, { embeds: [await renderDenial(reply, target, userId, guildId)] });
}

/**
 * A command threw. A `UserError` (bad input) is answered like a denial; anything else is a bug: the user gets an
 * error id, the log gets the same id with the stack, and bot owners also see the error message.
 */
export async function answerCommandError(error: unknown, target: ReplyTarget, subject: CommandSubject): Promise<void> {
	const { userId, guildId } = who(target);
	const expected = describeCommandError(error, subject);
	if (expected) {
		container.logger.debug(`[user error] ${subject.label} for user ${userId} in ${where(guildId)}: ${(error as Error).message}`);
		recordFrustration(userId, expected.frustration, subject.name);
		await deliver(target, { embeds: [await renderDenial(expected, target, userId, guildId)] });
		return;
	}
	await answerUnexpected(error, target, `${describeKind(subject.kind)} ${subject.label}`, subject.name);
}

/** An interaction handler (button, select menu, modal) threw: same contract as a command error. */
export async function answerHandlerError(error: unknown, interaction: Interaction, handlerName: string, phase: 'run' | 'parse'): Promise<void> {
	const what = `interaction handler "${handlerName}"${phase === 'parse' ? ' (parse)' : ''}`;
	// Autocomplete cannot carry a message: the log is all there is.
	if (!interaction.isRepliable()) {
		const id = createErrorId();
		container.logger.error(`[error ${id}] ${what} failed for user ${interaction.user.id} in ${where(interaction.guildId)}`, error);
		return;
	}
	await answerUnexpected(error, interaction, what, handlerName);
}

async function answerUnexpected(error: unknown, target: ReplyTarget, what: string, command: string): Promise<void> {
	const { userId, guildId } = who(target);
	const id = createErrorId();
	container.logger.error(`[error ${id}] ${what} failed for user ${userId} in ${where(guildId)}`, error);
	recordFrustration(userId, 'failure', command);
	const sassLevel = await sassLevelOf(guildId);
	const ownerDetail = isOwner(userId) ? `Owner view:\n${codeBlock(errorSummary(error))}` : null;
	const embed = SmartEmbed.error(`Something broke on my side. Error id \`${id}\`.`, ownerDetail, {
		category: 'unknown_error',
		userId,
		sassLevel,
		vars: { error_id: `\`${id}\`` }
	});
	await deliver(target, { embeds: [embed] });
}

async function renderDenial(reply: DenialReply, target: ReplyTarget, userId: string, guildId: string | null): Promise<TikaEmbed> {
	switch (reply.kind) {
		case 'featureDisabled':
			return SmartEmbed.featureDisabled(reply.feature, { canManage: canManageGuild(target) });
		case 'needsSetup':
			return SmartEmbed.warning('Setup needed', `The **${reply.feature}** feature is on but not set up yet. ${reply.reason}`);
		case 'line':
			return SmartEmbed.error(reply.detail, null, {
				category: reply.category,
				userId,
				sassLevel: await sassLevelOf(guildId),
				vars: reply.vars
			});
	}
}

/**
 * Sends a reply without ever answering an interaction twice: a deferred command has its "thinking…" edited, an
 * interaction that already answered gets an ephemeral follow-up, a fresh one an ephemeral reply. Prefix commands
 * cannot whisper, so they get an ordinary reply (which never pings: the client's allowed mentions forbid it).
 */
export async function deliver(target: ReplyTarget, payload: Pick<BaseMessageOptions, 'content' | 'embeds'>): Promise<void> {
	try {
		if (target instanceof Message) {
			await target.reply(payload);
			return;
		}
		if (target.replied) {
			await target.followUp({ ...payload, flags: MessageFlags.Ephemeral });
		} else if (target.deferred) {
			// deferUpdate() on a button also sets `deferred`; editing would overwrite the message the button sits on.
			if (target.isChatInputCommand() || target.isContextMenuCommand()) await target.editReply(payload);
			else await target.followUp({ ...payload, flags: MessageFlags.Ephemeral });
		} else {
			await target.reply({ ...payload, flags: MessageFlags.Ephemeral });
		}
	} catch (error) {
		// The command answered on its own between our check and our reply: a follow-up still reaches the user.
		if (
			!(target instanceof Message) &&
			error instanceof DiscordAPIError &&
			error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged
		) {
			await target.followUp({ ...payload, flags: MessageFlags.Ephemeral }).catch((retry: unknown) => logDeliveryFailure(retry));
			return;
		}
		logDeliveryFailure(error);
	}
}

/** The guild's sass level, `full` when it cannot be read: a database hiccup must not stop the reply. */
export async function sassLevelOf(guildId: string | null): Promise<SassLevel> {
	try {
		return (await container.settings?.sassLevel(guildId)) ?? DEFAULT_SASS_LEVEL;
	} catch (error) {
		container.logger.warn(`[settings] could not read the sass level of ${where(guildId)}; using ${DEFAULT_SASS_LEVEL}:`, error);
		return DEFAULT_SASS_LEVEL;
	}
}

/** Notes what the user did for the personality's tiers; never lets bookkeeping break a reply. */
export function recordFrustration(userId: string, kind: FrustrationKind, command?: string): void {
	try {
		getPersonality().tracker.record(userId, kind, command ? { command } : {});
	} catch {
		// A personality that cannot load was already reported at start-up.
	}
}

function who(target: ReplyTarget): { userId: string; guildId: string | null } {
	return target instanceof Message ? { userId: target.author.id, guildId: target.guildId } : { userId: target.user.id, guildId: target.guildId };
}

function canManageGuild(target: ReplyTarget): boolean {
	const permissions = target instanceof Message ? target.member?.permissions : target.memberPermissions;
	return permissions?.has(PermissionFlagsBits.ManageGuild) === true;
}

function isOwner(userId: string): boolean {
	return container.env?.owners.includes(userId) === true;
}

function isSilent(context: unknown): boolean {
	return typeof context === 'object' && context !== null && (context as { silent?: unknown }).silent === true;
}

function where(guildId: string | null): string {
	return guildId ? `guild ${guildId}` : 'DMs';
}

function describeKind(kind: CommandKind): string {
	if (kind === 'chatInput') return 'chat input command';
	if (kind === 'contextMenu') return 'context menu command';
	return 'message command';
}

function errorSummary(error: unknown): string {
	const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return text.length > OWNER_DETAIL_MAX ? `${text.slice(0, OWNER_DETAIL_MAX - 1)}…` : text;
}

function codeBlock(text: string): string {
	// A stray ``` in the message would end the block early.
	return `\`\`\`\n${text.replaceAll('```', '`\u200b``')}\n\`\`\``;
}

function logDeliveryFailure(error: unknown): void {
	container.logger.warn('[reply] could not deliver a command lifecycle reply:', error);
}
