/**
 * The old bot's custom roles (see docs/legacy-import.md):
 *
 * guilds/<guild>/customization.json
 *   { "custom_roles": { "<user id>": { "role_id": "<role id>", "name": "Night Owl", "color": "#8a2be2" } } }
 *
 * One CustomRole per member (the role itself already exists on Discord: Tika only takes it over). The name follows
 * /customrole's rules (1–32 characters); the colour is `#RRGGBB` or a number. A role listed for two members fails the
 * file: Tika gives each member their own role.
 */
import { z } from 'zod';
import { defineLegacyImporter, LegacyDataError, legacyId } from '#core/legacy/types';
import { parseHexColour } from '#shared/images/theme';
import { ROLE_NAME_MAX, ROLE_NAME_MIN } from './lib/validation';

const snowflake = legacyId;

const schema = z.strictObject({
	custom_roles: z
		.record(
			snowflake,
			z.strictObject({
				role_id: snowflake,
				name: z.string().trim().min(ROLE_NAME_MIN).max(ROLE_NAME_MAX),
				color: z.union([z.number().int().min(0).max(0xffffff), z.string()])
			})
		)
		.optional()
});

export default defineLegacyImporter({
	name: 'customization',
	plugin: 'customization',
	guild: {
		schema,
		async import(data, context) {
			for (const [userId, role] of Object.entries(data.custom_roles ?? {})) {
				let color = role.color;
				if (typeof color === 'string') {
					const parsed = parseHexColour(color);
					if (!parsed.ok) throw new LegacyDataError(`custom_roles.${userId}.color: ${parsed.error}`);
					color = parsed.value;
				}
				await context.put(
					'CustomRole',
					{ guildId: context.id, userId },
					{ roleId: role.role_id, name: role.name, color },
					`${userId}: "${role.name}" (${role.role_id})`
				);
			}
		}
	}
});
