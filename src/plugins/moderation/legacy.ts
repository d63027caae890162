/**
 * The old bot's word filter lists and detentions (see docs/legacy-import.md):
 *
 * guilds/<guild>/moderation.json
 *   { "blocked_words": ["badword", …],                                  (whole-word rules)
 *     "filter_patterns": [{ "pattern": "sp*m", "match": "wildcard" }, …], (word | contains | wildcard | regex)
 *     "detentions": { "<user id>": { "moderator_id": "<id>", "reason": "…", "saved_roles": ["<role id>", …],
 *                                   "started_at": "2024-05-01T10:00:00Z", "release_at": "2024-05-02T10:00:00Z" | null } } }
 *
 * Patterns pass /wordfilter's own checks (a pattern it would refuse fails the file). Detentions are the members still
 * detained: each becomes the guild's active Detention of that member (matched by its start, so one released in Tika
 * since an earlier import stays released). A timed one needs no task here: moderation's
 * start-up check (ensureReleaseTasks) schedules the release of every active timed detention that has none, and one due
 * while the bot was away is released late, as after any downtime.
 */
import { z } from 'zod';
import { defineLegacyImporter, LEGACY_ACTOR, LegacyDataError, legacyId } from '#core/legacy/types';
import { MATCH_KINDS, MAX_RULES_PER_GUILD, validatePattern, type MatchKind } from './lib/filter/validate';

const snowflake = legacyId;
const instant = z.iso.datetime({ offset: true });

const schema = z.strictObject({
	blocked_words: z.array(z.string()).optional(),
	filter_patterns: z.array(z.strictObject({ pattern: z.string(), match: z.enum(MATCH_KINDS) })).optional(),
	detentions: z
		.record(
			snowflake,
			z.strictObject({
				moderator_id: snowflake,
				reason: z.string().max(512).nullable().optional(),
				saved_roles: z.array(snowflake).default([]),
				started_at: instant,
				release_at: instant.nullable().optional()
			})
		)
		.optional()
});

export default defineLegacyImporter({
	name: 'moderation',
	plugin: 'moderation',
	guild: {
		schema,
		async import(data, context) {
			const rules: { pattern: string; match: MatchKind }[] = [
				...(data.blocked_words ?? []).map((pattern) => ({ pattern, match: 'word' as const })),
				...(data.filter_patterns ?? [])
			];
			if (rules.length > MAX_RULES_PER_GUILD)
				throw new LegacyDataError(`${rules.length} filter rules; a guild holds at most ${MAX_RULES_PER_GUILD}`);
			for (const rule of rules) {
				const checked = validatePattern(rule.pattern, rule.match);
				// Checked while importing, after earlier rows were written: the file's transaction rolls them back.
				if (!checked.ok) throw new LegacyDataError(`the ${rule.match} pattern "${rule.pattern}" is refused: ${checked.reason}`);
				await context.put(
					'WordFilterRule',
					{ guildId: context.id, match: rule.match, pattern: checked.pattern },
					{},
					`${rule.match} "${checked.pattern}"`,
					{
						createdBy: LEGACY_ACTOR
					}
				);
			}
			for (const [userId, detention] of Object.entries(data.detentions ?? {})) {
				const startedAt = new Date(detention.started_at);
				const releaseAt = detention.release_at ? new Date(detention.release_at) : null;
				if (releaseAt && releaseAt <= startedAt) throw new LegacyDataError(`detentions.${userId}: release_at is not after started_at`);
				// Matched by when it started: a detention released in Tika since an earlier import stays released.
				const other = await context.db.detention.findFirst({ where: { guildId: context.id, userId, releasedAt: null, NOT: { startedAt } } });
				if (other) throw new LegacyDataError(`detentions.${userId}: already detained in Tika since ${other.startedAt.toISOString()}`);
				await context.put(
					'Detention',
					{ guildId: context.id, userId, startedAt },
					{
						moderatorId: detention.moderator_id,
						reason: detention.reason ?? null,
						savedRoles: detention.saved_roles,
						releaseAt
					},
					`${userId} ${releaseAt ? `until ${releaseAt.toISOString()}` : 'until released'}`
				);
			}
		}
	}
});
