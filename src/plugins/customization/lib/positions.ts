export interface RolePosition {
	id: string;
	position: number;
}

/**
 * The position changes that put `roleId` directly below `anchorId`: the roles sorted bottom to top (as Discord and
 * discord.js order them: position, then id), the role taken out and inserted just under the anchor, and only the
 * roles whose index changed returned (Discord's PATCH /guilds/:id/roles takes a partial list).
 */
export function positionsUnderAnchor(roles: readonly RolePosition[], roleId: string, anchorId: string): RolePosition[] {
	const sorted = [...roles].sort((a, b) => a.position - b.position || (BigInt(a.id) < BigInt(b.id) ? 1 : BigInt(a.id) > BigInt(b.id) ? -1 : 0));
	const moving = sorted.findIndex((role) => role.id === roleId);
	if (moving === -1 || !sorted.some((role) => role.id === anchorId) || roleId === anchorId) return [];
	const [role] = sorted.splice(moving, 1);
	sorted.splice(
		sorted.findIndex((entry) => entry.id === anchorId),
		0,
		role!
	);
	const before = new Map(roles.map((entry) => [entry.id, entry.position]));
	return sorted.map((entry, index) => ({ id: entry.id, position: index })).filter((entry) => before.get(entry.id) !== entry.position);
}
