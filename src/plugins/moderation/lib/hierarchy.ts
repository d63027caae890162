/**
 * Who may detain whom: plain data in, a verdict out, so every rule is unit-tested without Discord.
 *
 * Positions are the members' highest role positions (`member.roles.highest.position`); @everyone is 0.
 */
export interface HierarchyInput {
	guildOwnerId: string;
	botId: string;
	moderator: { id: string; topPosition: number };
	target: { id: string; topPosition: number };
	botTopPosition: number;
	/** 'filter' actions are taken by the bot itself: only the bot's own position matters. */
	source?: 'command' | 'filter';
}

export type HierarchyRefusal = 'target_is_bot' | 'target_is_self' | 'target_is_owner' | 'moderator_too_low' | 'bot_too_low';

export type HierarchyVerdict = { ok: true } | { ok: false; code: HierarchyRefusal; reason: string };

export const HIERARCHY_REASONS: Record<HierarchyRefusal, string> = {
	target_is_bot: 'I will not detain myself.',
	target_is_self: 'You cannot detain yourself.',
	target_is_owner: 'The server owner cannot be detained.',
	moderator_too_low: "Your highest role must be above the member's highest role.",
	bot_too_low: "My highest role must be above the member's highest role. Move my role higher in Server Settings → Roles."
};

/** Checks, in order: the bot, the moderator themself, the owner, the moderator's rank (the owner outranks all), the bot's rank. */
export function checkHierarchy(input: HierarchyInput): HierarchyVerdict {
	const { target, moderator } = input;
	const byCommand = input.source !== 'filter';
	if (target.id === input.botId) return refuse('target_is_bot');
	if (byCommand && target.id === moderator.id) return refuse('target_is_self');
	if (target.id === input.guildOwnerId) return refuse('target_is_owner');
	if (byCommand && moderator.id !== input.guildOwnerId && moderator.topPosition <= target.topPosition) return refuse('moderator_too_low');
	if (input.botTopPosition <= target.topPosition) return refuse('bot_too_low');
	return { ok: true };
}

function refuse(code: HierarchyRefusal): HierarchyVerdict {
	return { ok: false, code, reason: HIERARCHY_REASONS[code] };
}
