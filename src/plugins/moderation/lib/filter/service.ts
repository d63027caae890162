import { container } from '@sapphire/framework';
import { RefreshingCache } from '#shared/utils/refreshingCache';
import { compileRules, type CompiledFilter, type FilterRule } from './compile';
import { DEFAULT_FILTER_SETTINGS, parseFilterSettings, type FilterSettings } from './settings';
import { isMatchKind, MAX_RULES_PER_GUILD, validatePattern, type MatchKind } from './validate';

/**
 * The word filter's per-guild state (rules compiled into one matcher + settings), cached so the message handler can
 * decide synchronously for almost every message. Commands invalidate the entry on change; entries older than
 * REFRESH_MS are still served while a reload runs in the background, which bounds how long another process
 * sharing the database (a shard) can lag behind a change.
 */
export interface FilterState {
	readonly settings: FilterSettings;
	readonly filter: CompiledFilter;
}

export const REFRESH_MS = 60_000;
const MODERATION_PLUGIN = 'moderation';

const states = new RefreshingCache<string, FilterState>({
	refreshMs: REFRESH_MS,
	load: async (guildId) => {
		const [rows, document] = await Promise.all([
			container.prisma.wordFilterRule.findMany({ where: { guildId }, orderBy: { id: 'asc' } }),
			container.data.getGuildData<Record<string, unknown>>(guildId, MODERATION_PLUGIN, {})
		]);
		const rules: FilterRule[] = rows
			.filter((row) => isMatchKind(row.match))
			.map((row) => ({ id: row.id, pattern: row.pattern, match: row.match as MatchKind }));
		return { settings: parseFilterSettings(document.filter), filter: compileRules(rules) };
	}
});

/** The cached state, or undefined (then call load). Schedules a background refresh of old entries. */
export function peekState(guildId: string, now = Date.now()): FilterState | undefined {
	return states.peek(guildId, now);
}

export function loadState(guildId: string): Promise<FilterState> {
	return states.load(guildId);
}

export function invalidateState(guildId: string): void {
	states.invalidate(guildId);
}

/** Estimated bytes of every guild's compiled rules in the cache (the plugin's memory report). */
export function filterMemoryBytes(): number {
	let bytes = 0;
	for (const state of states.values()) bytes += state.filter.estimateBytes();
	return bytes;
}

/** Drops every cached state (the plugin reloading, tests). */
export function clearStates(): void {
	states.clear();
}

export async function getFilterSettings(guildId: string): Promise<FilterSettings> {
	const document = await container.data.getGuildData<Record<string, unknown>>(guildId, MODERATION_PLUGIN, {});
	return parseFilterSettings(document.filter);
}

/**
 * Changes the filter's settings. The moderation document is shared with detention and the mod log (their keys sit
 * next to `filter`): always go through updateGuildData with a spread of `current`, never setGuildData.
 */
export async function updateFilterSettings(guildId: string, change: (current: FilterSettings) => FilterSettings): Promise<FilterSettings> {
	let next: FilterSettings = { ...DEFAULT_FILTER_SETTINGS };
	await container.data.updateGuildData<Record<string, unknown>>(guildId, MODERATION_PLUGIN, (current) => {
		next = change(parseFilterSettings(current?.filter));
		return { ...(current ?? {}), filter: next };
	});
	invalidateState(guildId);
	return next;
}

export async function listRules(guildId: string): Promise<FilterRule[]> {
	const rows = await container.prisma.wordFilterRule.findMany({ where: { guildId }, orderBy: { id: 'asc' } });
	return rows.filter((row) => isMatchKind(row.match)).map((row) => ({ id: row.id, pattern: row.pattern, match: row.match as MatchKind }));
}

export type AddResult = { ok: true; rule: FilterRule } | { ok: false; reason: string };

export async function addRule(guildId: string, input: string, kind: MatchKind, createdBy: string): Promise<AddResult> {
	const validation = validatePattern(input, kind);
	if (!validation.ok) return validation;
	const pattern = validation.pattern;
	const existing = await container.prisma.wordFilterRule.findUnique({ where: { guildId_match_pattern: { guildId, match: kind, pattern } } });
	if (existing) return { ok: false, reason: `\`${pattern}\` is already blocked as a ${kind} rule.` };
	if ((await container.prisma.wordFilterRule.count({ where: { guildId } })) >= MAX_RULES_PER_GUILD)
		return { ok: false, reason: `This server already has ${MAX_RULES_PER_GUILD} filter rules, the maximum. Remove some first.` };
	try {
		const row = await container.prisma.wordFilterRule.create({ data: { guildId, pattern, match: kind, createdBy } });
		return { ok: true, rule: { id: row.id, pattern: row.pattern, match: kind } };
	} catch (error) {
		// Two admins adding the same pattern at once: the unique index decides.
		if ((error as { code?: string }).code === 'P2002') return { ok: false, reason: `\`${pattern}\` is already blocked as a ${kind} rule.` };
		throw error;
	} finally {
		invalidateState(guildId);
	}
}

/** Removes by autocomplete value (`#<id>`) or by pattern text (every kind with that exact pattern). */
export async function removeRules(guildId: string, input: string): Promise<FilterRule[]> {
	const byId = /^#(\d+)$/.exec(input.trim());
	const rules = await listRules(guildId);
	const targets = byId ? rules.filter((rule) => rule.id === Number(byId[1])) : rules.filter((rule) => rule.pattern === input.trim());
	if (targets.length === 0) return [];
	await container.prisma.wordFilterRule.deleteMany({ where: { guildId, id: { in: targets.map((rule) => rule.id) } } });
	invalidateState(guildId);
	return targets;
}

/**
 * Records a strike and returns how many the member has within the window. Strikes older than the window no longer
 * count and are pruned here, so the table only holds what can still matter.
 */
export async function recordStrike(guildId: string, userId: string, ruleId: number | null, windowMs: number, now = new Date()): Promise<number> {
	const since = new Date(now.getTime() - windowMs);
	await container.prisma.wordFilterStrike.create({ data: { guildId, userId, ruleId, createdAt: now } });
	await container.prisma.wordFilterStrike.deleteMany({ where: { guildId, userId, createdAt: { lt: since } } });
	return container.prisma.wordFilterStrike.count({ where: { guildId, userId, createdAt: { gte: since } } });
}

/** Clears a member's strikes (after the filter detained them: the count starts again). */
export async function clearStrikes(guildId: string, userId: string): Promise<void> {
	await container.prisma.wordFilterStrike.deleteMany({ where: { guildId, userId } });
}
