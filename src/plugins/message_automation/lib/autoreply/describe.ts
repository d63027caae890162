import { code } from '#shared/ui/format';
import { KIND_HELP, MODE_HELP, type AutoReply } from './kinds';
import { formatResponses } from './responses';
import { describeScope, isEmptyScope, type AutoReplySettings } from './scope';

/** `30s`, `5m`, `1h 30m` for a cooldown in seconds. */
export function formatSeconds(seconds: number): string {
	const parts: string[] = [];
	const hours = Math.floor(seconds / 3_600);
	const minutes = Math.floor((seconds % 3_600) / 60);
	const rest = seconds % 60;
	if (hours) parts.push(`${hours}h`);
	if (minutes) parts.push(`${minutes}m`);
	if (rest || parts.length === 0) parts.push(`${rest}s`);
	return parts.join(' ');
}

/** The settings of a trigger other than its text and responses, as a short phrase. */
function behaviour(trigger: AutoReply): string {
	const parts: string[] = [trigger.mode];
	if (trigger.chance < 100) parts.push(trigger.chance === 0 ? 'paused (chance 0%)' : `${trigger.chance}% chance`);
	if (trigger.cooldownSeconds > 0) parts.push(`cooldown ${formatSeconds(trigger.cooldownSeconds)} per ${trigger.cooldownScope}`);
	if (trigger.deleteTrigger) parts.push('deletes the message');
	return parts.join(' · ');
}

/** One entry of `/autoreply list`: two lines. */
export function listEntry(trigger: AutoReply): string {
	const responses = trigger.responses.length === 1 ? code(trigger.responses[0]!.text, 60) : `${trigger.responses.length} responses`;
	const scope = isEmptyScope(trigger.scope) ? '' : ` · ${describeScope(trigger.scope)}`;
	return `#${trigger.id} **${trigger.match}** ${code(trigger.trigger, 80)} → ${responses}\n  ${behaviour(trigger)}${scope} · fired ${trigger.fired}×`;
}

/** Everything about one trigger, for the confirmation of add and edit. */
export function detailLines(trigger: AutoReply): string[] {
	return [
		`**Trigger**: ${code(trigger.trigger, 200)} (#${trigger.id}) — ${KIND_HELP[trigger.match]}`,
		`**Responses**: ${code(formatResponses(trigger.responses), 900)}`,
		`**Mode**: ${MODE_HELP[trigger.mode]}`,
		`**Chance**: ${trigger.chance}%`,
		`**Cooldown**: ${trigger.cooldownSeconds > 0 ? `${formatSeconds(trigger.cooldownSeconds)} per ${trigger.cooldownScope}` : 'none'}`,
		`**Where**: ${describeScope(trigger.scope)}`,
		`**Deletes the message**: ${trigger.deleteTrigger ? 'yes' : 'no'}`
	];
}

export function ignoreSummary(settings: AutoReplySettings): string {
	const channels = settings.ignoredChannels.map((id) => `<#${id}>`).join(', ') || 'none';
	const roles = settings.ignoredRoles.map((id) => `<@&${id}>`).join(', ') || 'none';
	return `**Ignored channels**: ${channels}\n**Ignored roles**: ${roles}`;
}
