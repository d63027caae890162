import { time, TimestampStyles } from 'discord.js';
import { tikaEmbed, type TikaEmbed } from '#shared/ui/index';
import type { EmbedTone } from '#shared/ui/colors';
import type { CaseRecord } from './cases';

const LABELS: Record<string, { label: string; tone: EmbedTone }> = {
	detention_put: { label: 'Detention', tone: 'error' },
	detention_release: { label: 'Release from detention', tone: 'success' },
	filter_hit: { label: 'Word filter', tone: 'warning' },
	filter_detain: { label: 'Word filter detention', tone: 'error' },
	clear: { label: 'Messages cleared', tone: 'info' }
};

/** "detention_put" → "Detention"; unknown actions read as words ("user_warned" → "User warned"). */
export function actionLabel(action: string): string {
	const known = LABELS[action];
	if (known) return known.label;
	const words = action.replace(/[_-]+/g, ' ').trim();
	return words ? words[0]!.toUpperCase() + words.slice(1) : 'Action';
}

export function actionTone(action: string): EmbedTone {
	return LABELS[action]?.tone ?? 'info';
}

/** One detail value as readable text: ids of roles/channels/users become mentions when the key says so. */
export function formatDetail(key: string, value: unknown): string {
	if (value === null || value === undefined) return '—';
	if (Array.isArray(value)) {
		if (value.length === 0) return 'none';
		if (/roles?$/i.test(key)) return value.map((id) => `<@&${String(id)}>`).join(' ');
		return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ');
	}
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	if (typeof value === 'object') return JSON.stringify(value);
	if (/channelId$/i.test(key)) return `<#${String(value)}>`;
	if (/(untilMs|At)$/.test(key) && typeof value === 'number') return time(Math.floor(value / 1000), TimestampStyles.LongDateTime);
	return String(value);
}

/** "savedRoles" → "Saved roles". */
export function detailLabel(key: string): string {
	const words = key
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.replace(/[_-]+/g, ' ')
		.toLowerCase();
	return words[0]!.toUpperCase() + words.slice(1);
}

/** The mod-log entry (and /case answer): case #, action, target, moderator, reason, time, details. */
export function buildCaseEmbed(record: CaseRecord): TikaEmbed {
	const embed = tikaEmbed(actionTone(record.action))
		.setTitle(`Case #${record.number} · ${actionLabel(record.action)}`)
		.addFields(
			{ name: 'Target', value: record.targetId ? `<@${record.targetId}> (${record.targetId})` : '—', inline: true },
			{ name: 'Moderator', value: `<@${record.moderatorId}> (${record.moderatorId})`, inline: true },
			{ name: 'Reason', value: record.reason ?? 'No reason given' }
		)
		.setTimestamp(record.createdAt);
	const details = record.details ? Object.entries(record.details).filter(([, value]) => value !== undefined) : [];
	for (const [key, value] of details.slice(0, 20)) embed.addFields({ name: detailLabel(key), value: formatDetail(key, value), inline: true });
	embed.addFields({ name: 'When', value: time(record.createdAt, TimestampStyles.RelativeTime), inline: true });
	return embed;
}
