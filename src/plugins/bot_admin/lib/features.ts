import type { FeatureChange, FeatureSource, FeatureState } from '#core/features/FeatureManager';

/** How `/features list` names the source of a state: what an admin would go and change. */
export const SOURCE_LABELS: Readonly<Record<FeatureSource, string>> = {
	override: 'set here',
	config: 'config.yml default',
	default: 'plugin default',
	locked: 'always on'
};

// Two short lines per feature: 15 stay well under the embed limit and fit every built-in plugin on one page.
export const FEATURES_PER_PAGE = 15;

const DESCRIPTION_LIMIT = 90;

/** One feature as two lines of `/features list`: state and source, then what it does. */
export function featureLine(feature: FeatureState): string {
	const state = feature.enabled ? '🟢 on' : '🔴 off';
	const blocked = feature.blockedBy ? ` (waiting for **${feature.blockedBy}**)` : '';
	const description =
		feature.description.length > DESCRIPTION_LIMIT ? `${feature.description.slice(0, DESCRIPTION_LIMIT - 1).trimEnd()}…` : feature.description;
	return `**${feature.name}** · ${state} · ${SOURCE_LABELS[feature.source]}${blocked}\n${description}`;
}

/** Autocomplete order: features an admin can change first, then always-on ones; alphabetical within each group. */
export function autocompleteChoices(features: readonly FeatureState[], typed: string, limit = 25): { name: string; value: string }[] {
	const query = typed
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
	return features
		.filter((feature) => feature.name.includes(query))
		.sort((a, b) => Number(b.toggleable) - Number(a.toggleable) || a.name.localeCompare(b.name))
		.slice(0, limit)
		.map((feature) => ({
			name: `${feature.name} (${feature.toggleable ? (feature.enabled ? 'on' : 'off') : 'always on'})`,
			value: feature.name
		}));
}

export interface ChangeSummary {
	title: string;
	description: string;
	/** True when nothing moved: the reply is informational rather than a success. */
	unchanged: boolean;
}

/** The words for what `/features enable|disable|toggle|reset` did. */
export function describeChange(change: FeatureChange, action: 'set' | 'reset'): ChangeSummary {
	const { feature, enabled } = change;
	const lines: string[] = [];
	let title: string;
	if (action === 'reset') {
		title = `${feature} reset`;
		lines.push(`It follows the ${SOURCE_LABELS[change.source]} again and is now **${enabled ? 'on' : 'off'}**.`);
	} else if (change.changed) {
		title = `${feature} ${enabled ? 'enabled' : 'disabled'}`;
		lines.push(
			enabled
				? 'Its commands, buttons and automations work again in this server.'
				: 'Its commands, buttons and automations stay quiet in this server until someone enables it again.'
		);
	} else {
		title = `${feature} was already ${enabled ? 'on' : 'off'}`;
		lines.push(
			`Kept as this server's choice, so a change to the defaults will not flip it. \`/features reset ${feature}\` follows the defaults again.`
		);
	}
	if (change.blockedBy) lines.push(`It stays off until **${change.blockedBy}** is enabled.`);
	const back = change.alsoChanged.filter((entry) => entry.enabled).map((entry) => `**${entry.feature}**`);
	if (back.length > 0) lines.push(`Also back on, since they were waiting for it: ${back.join(', ')}.`);
	return { title, description: lines.join('\n'), unchanged: action === 'set' && !change.changed };
}
