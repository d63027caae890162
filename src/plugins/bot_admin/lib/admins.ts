import type { BotAdminsList } from '#core/admins/BotAdmins';

/** `/admin list` as text: owners (from BOT_OWNERS), then admins with who added them and when. */
export function adminListText(list: BotAdminsList): string {
	const owners = list.owners.length ? list.owners.map((id) => `<@${id}>`).join(', ') : 'none (set BOT_OWNERS)';
	const admins = list.admins.length
		? list.admins
				.map((admin) => `• <@${admin.userId}>, added by <@${admin.addedBy}> <t:${Math.floor(admin.createdAt.getTime() / 1000)}:R>`)
				.join('\n')
		: 'None yet. Add one with `/admin add <user>`.';
	return `**Owners** (from BOT_OWNERS)\n${owners}\n\n**Admins**\n${admins}`;
}
