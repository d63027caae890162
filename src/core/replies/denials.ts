/**
 * What Tika says when a command is refused or fails because of the user: a pure mapping from Sapphire's and Tika's
 * identifiers to a personality category plus one plain sentence of facts. Rendering and sending live in
 * `./respond`; keeping this part free of Discord objects is what lets every identifier be unit-tested.
 */
import { ArgumentError, CorePreconditions, Identifiers, UserError } from '@sapphire/framework';
import { ChannelType, type PermissionsString } from 'discord.js';
import { TikaIdentifiers } from '#core/identifiers';
import type { FrustrationKind } from '#shared/personality/FrustrationTracker';
import type { ResponseCategory, ResponseVars } from '#shared/personality/types';

export type CommandKind = 'chatInput' | 'contextMenu' | 'message';

/** The command a reply is about. */
export interface CommandSubject {
	/** The command's name, e.g. `settings`. */
	name: string;
	/** How the user invoked it: `/settings`, `!tika settings`, or the context-menu entry's name. */
	label: string;
	kind: CommandKind;
}

/** The parts of a Sapphire `UserError` the mapping reads (so tests can pass plain objects). */
export interface DenialFacts {
	identifier: string;
	message: string;
	context: unknown;
}

export type DenialReply =
	| {
			kind: 'line';
			/** The personality table the headline comes from. */
			category: ResponseCategory;
			/** One plain sentence saying exactly what went wrong, shown under the headline whatever the sass level. */
			detail: string;
			vars: ResponseVars;
			frustration: FrustrationKind;
	  }
	| { kind: 'featureDisabled'; feature: string; frustration: 'failure' }
	| { kind: 'needsSetup'; feature: string; reason: string; frustration: 'failure' };

/** Sapphire's subcommand plugin reports its own cooldown under this identifier, with the same `{ remaining }` context. */
const SUBCOMMAND_COOLDOWN = 'subcommandPreconditionCooldown';

const GUILD_ONLY = new Set<string>([
	Identifiers.PreconditionGuildOnly,
	Identifiers.PreconditionGuildTextOnly,
	Identifiers.PreconditionGuildNewsOnly,
	Identifiers.PreconditionGuildVoiceOnly,
	Identifiers.PreconditionThreadOnly,
	Identifiers.PreconditionGuildNewsThreadOnly,
	Identifiers.PreconditionGuildPublicThreadOnly,
	Identifiers.PreconditionGuildPrivateThreadOnly
]);

/** Maps a precondition failure (a "denied" event) to a reply. Unknown identifiers keep the precondition's own message. */
export function describeDenial(error: DenialFacts, subject: CommandSubject): DenialReply {
	const context = asRecord(error.context);
	const command = subject.label;
	switch (error.identifier) {
		case TikaIdentifiers.FeatureDisabled:
			return { kind: 'featureDisabled', feature: stringOr(context.feature, subject.name), frustration: 'failure' };
		case TikaIdentifiers.FeatureNeedsSetup:
			return {
				kind: 'needsSetup',
				feature: stringOr(context.feature, subject.name),
				reason: stringOr(context.reason, error.message),
				frustration: 'failure'
			};
		case TikaIdentifiers.BotAdminOnly:
			return line('admin_only', `Only bot admins can use \`${command}\`.`, {}, 'failure');
		case TikaIdentifiers.BotOwnerOnly:
			return line('owner_only', `Only the bot owners can use \`${command}\`.`, {}, 'failure');
		case Identifiers.PreconditionCooldown:
		case SUBCOMMAND_COOLDOWN: {
			const seconds = cooldownSeconds(context.remaining);
			return line('cooldown', `You can use \`${command}\` again in ${plural(seconds, 'second')}.`, { seconds }, 'cooldown');
		}
		case Identifiers.PreconditionClientPermissions: {
			const permissions = formatPermissions(permissionList(context.missing));
			return line('bot_permission', `I need ${permissions || 'more permissions'} to do that.`, permissions ? { permissions } : {}, 'failure');
		}
		case Identifiers.PreconditionClientPermissionsNoClient:
		case Identifiers.PreconditionClientPermissionsNoPermissions:
			return line('bot_permission', "I couldn't work out my permissions in this channel.", {}, 'failure');
		case Identifiers.PreconditionUserPermissions: {
			const permissions = formatPermissions(permissionList(context.missing));
			return line(
				'permission',
				`You need ${permissions || 'more permissions'} to use \`${command}\`.`,
				permissions ? { permissions } : {},
				'failure'
			);
		}
		case Identifiers.PreconditionUserPermissionsNoPermissions:
			return line('permission', "I couldn't work out your permissions in this channel.", {}, 'failure');
		case Identifiers.PreconditionDMOnly:
			return line('permission', `\`${command}\` only works in DMs.`, {}, 'failure');
		case Identifiers.PreconditionNSFW:
			return line('permission', `\`${command}\` only works in age-restricted channels.`, {}, 'failure');
		case Identifiers.PreconditionRunIn:
			return line('permission', runInDetail(command, context.types, subject.kind), {}, 'failure');
		case Identifiers.CommandDisabled:
			return line('error', `\`${command}\` is switched off right now.`, {}, 'failure');
		default:
			if (GUILD_ONLY.has(error.identifier)) return line('permission', `\`${command}\` only works in a server.`, {}, 'failure');
			// A plugin's own precondition: Sapphire's convention is that its message is written for the user.
			return line('permission', error.message || `You can't use \`${command}\` right now.`, {}, 'failure');
	}
}

/**
 * A thrown error the user caused (a Sapphire `UserError`, which includes argument errors of prefix commands) maps to a
 * `user_fault` reply; anything else is a bug on Tika's side and returns null (the caller gives it an error id).
 */
export function describeCommandError(error: unknown, subject: CommandSubject): DenialReply | null {
	if (!(error instanceof UserError)) return null;
	const vars = { command: subject.label };
	// Args reports a missing argument as a plain UserError, whose message ("There are no more arguments.") helps nobody.
	if (error.identifier === Identifiers.ArgsMissing) {
		return line('user_fault', `\`${subject.label}\` needs more than that. See \`/help ${subject.name}\`.`, vars, 'failure');
	}
	if (error instanceof ArgumentError) {
		return line('user_fault', `\`${truncate(error.parameter, 50)}\` doesn't work there: ${error.message}`, vars, 'failure');
	}
	return line('user_fault', error.message || 'That input was not right.', vars, 'failure');
}

/** `['ManageRoles', 'KickMembers']` → `Manage Roles and Kick Members`, with Discord's display names (Manage Server...). */
export function formatPermissions(permissions: readonly string[]): string {
	const names = permissions.map(
		(permission) => CorePreconditions.ClientPermissions.readablePermissions[permission as PermissionsString] ?? permission
	);
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Whole seconds left, never 0: "try again in 0 seconds" reads like a bug. */
export function cooldownSeconds(remainingMs: unknown): number {
	return typeof remainingMs === 'number' && Number.isFinite(remainingMs) ? Math.max(1, Math.ceil(remainingMs / 1000)) : 1;
}

function line(category: ResponseCategory, detail: string, vars: ResponseVars, frustration: FrustrationKind): DenialReply {
	return { kind: 'line', category, detail, vars, frustration };
}

const DM_TYPES: ReadonlySet<unknown> = new Set([ChannelType.DM, ChannelType.GroupDM]);

/** RunIn's context holds the allowed channel types, either one list or one per command kind. */
function runInDetail(command: string, types: unknown, kind: CommandKind): string {
	const allowed = Array.isArray(types) ? types : asRecord(types)[`${kind}Run`];
	const list: unknown[] = Array.isArray(allowed) ? allowed : [];
	if (list.length > 0 && list.every((type) => DM_TYPES.has(type))) return `\`${command}\` only works in DMs.`;
	if (list.length > 0 && list.every((type) => !DM_TYPES.has(type))) return `\`${command}\` only works in a server.`;
	return `\`${command}\` doesn't work in this kind of channel.`;
}

function permissionList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function asRecord(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value.trim() ? value : fallback;
}

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function truncate(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
