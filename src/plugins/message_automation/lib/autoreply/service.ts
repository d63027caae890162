import { container } from '@sapphire/framework';
import { RefreshingCache } from '#shared/utils/refreshingCache';
import { Cooldowns } from './cooldowns';
import type { TriggerDraft } from './draft';
import { isCooldownScope, isMatchKind, isMode, type AutoReply } from './kinds';
import { AutoReplyMatcher } from './matcher';
import { parseStoredResponses } from './responses';
import { DEFAULT_AUTOREPLY_SETTINGS, parseStoredScope, parseStoredSettings, type AutoReplySettings } from './scope';

/** The plugin's GuildData document; link fixing keeps its own key beside `autoReply`, so writes spread the rest. */
const PLUGIN = 'message_automation';
const SETTINGS_KEY = 'autoReply';
/** How long another process (a shard) may serve a guild's old triggers after a change made elsewhere. */
export const REFRESH_MS = 60_000;

/** A guild's triggers compiled into one matcher, and its ignore lists: what the message handler needs, cached. */
export interface AutoReplyState {
	readonly matcher: AutoReplyMatcher;
	readonly settings: AutoReplySettings;
}

interface Runtime {
	readonly states: RefreshingCache<string, AutoReplyState>;
	readonly cooldowns: Cooldowns;
}

/**
 * One cache and one cooldown table per process, shared by the command and the handler even when they were loaded
 * through different module registries (a `/plugins reload`, jest): a module-level variable would give each its own.
 */
export function autoReplyRuntime(): Runtime {
	const store = globalThis as unknown as Record<symbol, Runtime | undefined>;
	return (store[Symbol.for('tika.message_automation.autoreply')] ??= {
		states: new RefreshingCache({
			refreshMs: REFRESH_MS,
			load: loadGuild,
			onRefreshError: (guildId, error) => container.logger.warn(`Auto-reply: could not refresh the triggers of guild ${guildId}:`, error)
		}),
		cooldowns: new Cooldowns()
	});
}

async function loadGuild(guildId: string): Promise<AutoReplyState> {
	const [triggers, settings] = await Promise.all([listTriggers(guildId), getSettings(guildId)]);
	return { matcher: new AutoReplyMatcher(triggers), settings };
}

export function peekState(guildId: string): AutoReplyState | undefined {
	return autoReplyRuntime().states.peek(guildId);
}

export function loadState(guildId: string): Promise<AutoReplyState> {
	return autoReplyRuntime().states.load(guildId);
}

/** Forgets every cached matcher and cooldown (the plugin unloading, shutdown): a database swapped under a test run is read afresh. */
export function resetAutoReplies(): void {
	const runtime = autoReplyRuntime();
	runtime.states.clear();
	runtime.cooldowns.clear();
}

type Row = Awaited<ReturnType<typeof container.prisma.autoReplyTrigger.findMany>>[number];

/** A database row as the matcher sees it; null for a row this version cannot read (unknown kind or mode). */
export function rowToAutoReply(row: Row): AutoReply | null {
	if (!isMatchKind(row.match) || !isMode(row.mode)) return null;
	return {
		id: row.id,
		trigger: row.trigger,
		normalized: row.normalized,
		match: row.match,
		responses: parseStoredResponses(row.responses),
		mode: row.mode,
		deleteTrigger: row.deleteTrigger,
		chance: row.chance,
		cooldownSeconds: row.cooldownSeconds,
		cooldownScope: isCooldownScope(row.cooldownScope) ? row.cooldownScope : 'channel',
		scope: parseStoredScope(row.scope),
		fired: row.fired
	};
}

export async function listTriggers(guildId: string): Promise<AutoReply[]> {
	const rows = await container.prisma.autoReplyTrigger.findMany({ where: { guildId }, orderBy: { id: 'asc' } });
	return rows.map(rowToAutoReply).filter((trigger): trigger is AutoReply => trigger !== null);
}

/** The triggers an admin means: an autocomplete value (`#<id>`) or the trigger as typed (every kind with that text). */
export async function resolveTriggers(guildId: string, input: string): Promise<AutoReply[]> {
	const byId = /^#(\d+)$/.exec(input.trim());
	const triggers = await listTriggers(guildId);
	if (byId) return triggers.filter((trigger) => trigger.id === Number(byId[1]));
	const typed = input.trim().replace(/\s+/g, ' ').toLowerCase();
	return triggers.filter((trigger) => trigger.trigger.toLowerCase() === typed);
}

export type SaveResult = { ok: true; trigger: AutoReply } | { ok: false; reason: string };

const duplicate = (draft: TriggerDraft, id: number) =>
	`\`${draft.trigger}\` is already a **${draft.match}** trigger here (#${id}). Edit that one instead.`;

/** Stores a new trigger: refused when it duplicates one (same kind and normalised form) or the guild has `max` already. */
export async function createTrigger(guildId: string, draft: TriggerDraft, createdBy: string, max: number): Promise<SaveResult> {
	const { autoReplyTrigger } = container.prisma;
	const existing = await autoReplyTrigger.findUnique({
		where: { guildId_match_normalized: { guildId, match: draft.match, normalized: draft.normalized } }
	});
	if (existing) return { ok: false, reason: duplicate(draft, existing.id) };
	const count = await autoReplyTrigger.count({ where: { guildId } });
	if (count >= max)
		return { ok: false, reason: `This server already has ${count} auto-replies, the most it may have (${max}). Remove some first.` };
	try {
		const row = await autoReplyTrigger.create({ data: { guildId, ...toData(draft), createdBy } });
		return { ok: true, trigger: rowToAutoReply(row)! };
	} catch (error) {
		// Two admins adding the same trigger at once: the unique index decides.
		if ((error as { code?: string }).code === 'P2002') return { ok: false, reason: duplicate(draft, 0).replace(' (#0)', '') };
		throw error;
	} finally {
		autoReplyRuntime().states.invalidate(guildId);
	}
}

export async function updateTrigger(guildId: string, id: number, draft: TriggerDraft): Promise<SaveResult> {
	const { autoReplyTrigger } = container.prisma;
	const existing = await autoReplyTrigger.findUnique({
		where: { guildId_match_normalized: { guildId, match: draft.match, normalized: draft.normalized } }
	});
	if (existing && existing.id !== id) return { ok: false, reason: duplicate(draft, existing.id) };
	try {
		const updated = await autoReplyTrigger.updateManyAndReturn({ where: { id, guildId }, data: toData(draft) });
		if (updated.length === 0) return { ok: false, reason: `Trigger #${id} is gone: someone removed it meanwhile.` };
		return { ok: true, trigger: rowToAutoReply(updated[0]!)! };
	} catch (error) {
		if ((error as { code?: string }).code === 'P2002') return { ok: false, reason: duplicate(draft, 0).replace(' (#0)', '') };
		throw error;
	} finally {
		autoReplyRuntime().states.invalidate(guildId);
	}
}

export async function deleteTriggers(guildId: string, ids: readonly number[]): Promise<void> {
	await container.prisma.autoReplyTrigger.deleteMany({ where: { guildId, id: { in: [...ids] } } });
	autoReplyRuntime().states.invalidate(guildId);
}

function toData(draft: TriggerDraft) {
	return {
		trigger: draft.trigger,
		normalized: draft.normalized,
		match: draft.match,
		responses: draft.responses.map(({ text, weight }) => ({ text, weight })),
		mode: draft.mode,
		deleteTrigger: draft.deleteTrigger,
		chance: draft.chance,
		cooldownSeconds: draft.cooldownSeconds,
		cooldownScope: draft.cooldownScope,
		// Always an object (never SQL NULL): an edit that clears every list must overwrite the old ones.
		scope: { ...draft.scope }
	};
}

/**
 * Counts a fire: at once in memory (the cached trigger), then in the database, whose answer is the count across every
 * process sharing it ({count}). Fires are rare next to messages, so one write each is fine.
 */
export async function recordFire(guildId: string, trigger: AutoReply): Promise<number> {
	trigger.fired++;
	try {
		const row = await container.prisma.autoReplyTrigger.update({
			where: { id: trigger.id, guildId },
			data: { fired: { increment: 1 } },
			select: { fired: true }
		});
		return (trigger.fired = Math.max(trigger.fired, row.fired));
	} catch (error) {
		// Removed a moment ago: the reply still says the count it had.
		if ((error as { code?: string }).code !== 'P2025')
			container.logger.warn(`Auto-reply: could not count a fire of trigger #${trigger.id}:`, error);
		return trigger.fired;
	}
}

export async function getSettings(guildId: string): Promise<AutoReplySettings> {
	const document = await container.data.getGuildData<Record<string, unknown>>(guildId, PLUGIN, {});
	return parseStoredSettings(document[SETTINGS_KEY]);
}

/** Changes the ignore lists; `change` may refuse by returning a reason. The other keys of the document are kept. */
export async function updateSettings(
	guildId: string,
	change: (current: AutoReplySettings) => AutoReplySettings | string
): Promise<{ ok: true; settings: AutoReplySettings } | { ok: false; reason: string }> {
	let result: { ok: true; settings: AutoReplySettings } | { ok: false; reason: string } = { ok: true, settings: DEFAULT_AUTOREPLY_SETTINGS };
	await container.data.updateGuildData<Record<string, unknown>>(guildId, PLUGIN, (current) => {
		const next = change(parseStoredSettings(current?.[SETTINGS_KEY]));
		if (typeof next === 'string') {
			result = { ok: false, reason: next };
			return current ?? {};
		}
		result = { ok: true, settings: next };
		return { ...(current ?? {}), [SETTINGS_KEY]: { ignoredChannels: [...next.ignoredChannels], ignoredRoles: [...next.ignoredRoles] } };
	});
	autoReplyRuntime().states.invalidate(guildId);
	return result;
}
