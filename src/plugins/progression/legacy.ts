/**
 * The old bot's XP and levels (see docs/legacy-import.md):
 *
 * guilds/<guild>/progression.json
 *   { "users": { "<user id>": { "xp": 1200, "level": 5, "messages": 340 } },
 *     "level_roles": { "<level>": "<role id>" } }
 * users/<user id>.json → "progression": { "bio": "…", "pronouns": "…", "accent_color": "#ff8800", "card_background": "…" }
 *
 * XP is the truth: the level is recomputed with the guild's curve (its /xp config, else the default), and a legacy
 * level that disagrees is noted in the report. Level roles become role rewards; profiles become the user's card profile.
 */
import { z } from 'zod';
import { defineLegacyImporter, LEGACY_ACTOR, LegacyDataError, legacyId } from '#core/legacy/types';
import { BACKGROUND_NAMES, parseHexColour } from '#shared/images/theme';
import { clampXp, levelForXp } from './lib/curve';
import { curveOf, DATA_KEY, DEFAULT_SETTINGS, type ProgressionSettings } from './lib/settings';

const snowflake = legacyId;
const count = z.number().int().nonnegative();
const colour = z.union([z.number().int().min(0).max(0xffffff), z.string()]);

const guildSchema = z.strictObject({
	users: z.record(snowflake, z.strictObject({ xp: count, level: count.optional(), messages: count.optional() })).optional(),
	level_roles: z.record(z.string().regex(/^\d+$/, 'expected a level number'), snowflake).optional()
});

const userSchema = z.strictObject({
	bio: z.string().max(190).nullable().optional(),
	pronouns: z.string().max(40).nullable().optional(),
	accent_color: colour.nullable().optional(),
	card_background: z
		.enum(BACKGROUND_NAMES as [string, ...string[]])
		.nullable()
		.optional()
});

export default defineLegacyImporter({
	name: 'progression',
	plugin: 'progression',
	guild: {
		schema: guildSchema,
		async import(data, context) {
			const stored = await context.db.guildData.findUnique({ where: { guildId_plugin: { guildId: context.id, plugin: DATA_KEY } } });
			const settings: ProgressionSettings = { ...DEFAULT_SETTINGS, ...((stored?.data as Partial<ProgressionSettings> | null) ?? {}) };
			const curve = curveOf(settings);
			let mismatched = 0;
			for (const [userId, member] of Object.entries(data.users ?? {})) {
				const xp = clampXp(member.xp);
				const level = levelForXp(xp, curve, settings.maxLevel);
				if (member.level !== undefined && member.level !== level) mismatched++;
				await context.put(
					'MemberXp',
					{ guildId: context.id, userId },
					{ xp, level, ...(member.messages !== undefined ? { messages: member.messages } : {}) },
					`${userId} (${xp} XP, level ${level})`
				);
			}
			if (mismatched > 0)
				context.note(`${mismatched} member(s) had a legacy level that differs from their XP on this guild's curve; levels follow XP.`);
			for (const [level, roleId] of Object.entries(data.level_roles ?? {})) {
				if (Number(level) < 1 || Number(level) > settings.maxLevel)
					throw new LegacyDataError(`level_roles.${level}: levels run from 1 to ${settings.maxLevel}`);
				await context.put('LevelReward', { guildId: context.id, roleId }, { level: Number(level) }, `role ${roleId} at level ${level}`, {
					createdBy: LEGACY_ACTOR
				});
			}
		}
	},
	user: {
		schema: userSchema,
		async import(data, context) {
			let accentColor: number | null | undefined = undefined;
			if (typeof data.accent_color === 'string') {
				const parsed = parseHexColour(data.accent_color);
				if (!parsed.ok) throw new LegacyDataError(`progression.accent_color: ${parsed.error}`);
				accentColor = parsed.value;
			} else accentColor = data.accent_color;
			const profile = {
				...(data.bio !== undefined ? { bio: data.bio } : {}),
				...(data.pronouns !== undefined ? { pronouns: data.pronouns } : {}),
				...(accentColor !== undefined ? { accentColor } : {}),
				...(data.card_background !== undefined ? { cardBackground: data.card_background } : {})
			};
			await context.put('UserProfile', { userId: context.id }, profile, 'profile');
		}
	}
});
