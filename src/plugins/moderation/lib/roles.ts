/** A role as these rules see it. */
export interface RoleInfo {
	id: string;
	position: number;
	managed: boolean;
}

export interface SavePlan {
	/** Removed now, restored on release. */
	save: string[];
	/** Stay on the member: @everyone and managed roles (bots, boosts, integrations) cannot be removed. */
	keep: string[];
}

/**
 * Which of a member's roles detention takes away. @everyone (id = guild id) and managed roles stay; the detention
 * role itself is never saved (it would come back on release).
 */
export function planSave(memberRoles: readonly RoleInfo[], options: { guildId: string; detentionRoleId: string }): SavePlan {
	const save: string[] = [];
	const keep: string[] = [];
	for (const role of memberRoles) {
		if (role.id === options.guildId) continue;
		if (role.id === options.detentionRoleId) continue;
		if (role.managed) keep.push(role.id);
		else save.push(role.id);
	}
	return { save, keep };
}

export interface RestorePlan {
	/** Given back. */
	restore: string[];
	/** Deleted from the server since. */
	missing: string[];
	/** At or above the bot's highest role now: the bot cannot assign them. */
	tooHigh: string[];
	/** Became managed (integration roles cannot be assigned). */
	managed: string[];
}

/** Which saved roles can come back: those that still exist, are not managed and sit below the bot's highest role. */
export function planRestore(savedRoleIds: readonly string[], guildRoles: ReadonlyMap<string, RoleInfo>, botTopPosition: number): RestorePlan {
	const plan: RestorePlan = { restore: [], missing: [], tooHigh: [], managed: [] };
	for (const id of new Set(savedRoleIds)) {
		const role = guildRoles.get(id);
		if (!role) plan.missing.push(id);
		else if (role.managed) plan.managed.push(id);
		else if (role.position >= botTopPosition) plan.tooHigh.push(id);
		else plan.restore.push(id);
	}
	return plan;
}

/** Reads the saved-roles JSON column defensively (it is user data from an older version, maybe). */
export function readSavedRoles(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && /^\d{15,25}$/.test(id)) : [];
}
