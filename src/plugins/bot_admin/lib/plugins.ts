import type { PluginReport, PluginStatus } from '#core/plugins/PluginController';

/** The subset of a plugin's status the list and autocomplete read (so unit tests can pass plain objects). */
export type PluginSummary = Pick<PluginStatus, 'name' | 'version' | 'category' | 'enabled' | 'toggleable' | 'pieces' | 'loadErrors'>;

export const PLUGINS_PER_PAGE = 8;

/** A list line never shows more than this many load errors; the rest are counted. */
const ERRORS_SHOWN = 3;

/** One plugin as a few lines of `/plugins list`: identity and state, piece counts, then any load errors. */
export function pluginLine(plugin: PluginSummary): string {
	const state = plugin.enabled ? '🟢 enabled' : '🔴 disabled';
	const locked = plugin.toggleable ? '' : ' · 🔒 always on';
	const counts = Object.entries(plugin.pieces)
		.filter(([, count]) => count > 0)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([store, count]) => `${store} ${count}`)
		.join(' · ');
	const lines = [`**${plugin.name}** \`v${plugin.version}\` · ${plugin.category} · ${state}${locked}`];
	lines.push(plugin.enabled ? counts || 'no pieces loaded' : 'not loaded');
	for (const error of plugin.loadErrors.slice(0, ERRORS_SHOWN)) lines.push(`⚠️ \`${error.piece}\`: ${error.reason}`);
	if (plugin.loadErrors.length > ERRORS_SHOWN) lines.push(`⚠️ …and ${plugin.loadErrors.length - ERRORS_SHOWN} more that failed to load`);
	return lines.join('\n');
}

/** The headline count above the list. */
export function pluginsIntro(plugins: readonly PluginSummary[]): string {
	const disabled = plugins.filter((plugin) => !plugin.enabled).length;
	const broken = plugins.filter((plugin) => plugin.loadErrors.length > 0).length;
	const parts = [`${plugins.length} plugin${plugins.length === 1 ? '' : 's'}`, `${disabled} disabled`];
	if (broken) parts.push(`${broken} with load errors`);
	return `${parts.join(' · ')}. Manage one with \`/plugins reload|enable|disable <plugin>\`.`;
}

export type ReportTone = 'success' | 'warning' | 'error';

export interface ReportView {
	tone: ReportTone;
	title: string;
	/** Red's buckets as embed fields, only those with something in them. */
	fields: { name: string; value: string }[];
	/** A sentence about the slash commands, when there is something to say. */
	footnote: string | null;
}

const PAST: Readonly<Record<PluginReport['action'], string>> = { reload: 'Reloaded', enable: 'Enabled', disable: 'Disabled' };
const VERB: Readonly<Record<PluginReport['action'], string>> = { reload: 'reload', enable: 'enable', disable: 'disable' };

/**
 * A plugin operation's report in Red's shape: loaded / failed (with the reason) / not found, each on its own, so a
 * partly broken reload reads as exactly that instead of "done" or "error".
 */
export function describeReport(report: PluginReport): ReportView {
	const { plugin, action } = report;
	if (report.notFound.length) {
		return {
			tone: 'error',
			title: `No plugin called ${report.notFound.map((name) => `\`${name}\``).join(', ')}`,
			fields: [{ name: 'Not found', value: report.notFound.map((name) => `\`${name}\``).join(', ') }],
			footnote: 'See `/plugins list` for the installed plugins.'
		};
	}

	const fields: ReportView['fields'] = [];
	if (report.loaded.length) fields.push({ name: `Loaded (${report.loaded.length})`, value: codeList(report.loaded) });
	if (report.unloaded.length) fields.push({ name: `Unloaded (${report.unloaded.length})`, value: codeList(report.unloaded) });
	if (report.failed.length) {
		fields.push({
			name: `Failed (${report.failed.length})`,
			value: report.failed.map((failure) => `\`${failure.piece}\`: ${failure.reason}`).join('\n')
		});
	}

	const worked = report.loaded.length + report.unloaded.length > 0;
	const tone: ReportTone = report.failed.length || report.commands === 'failed' ? (worked ? 'warning' : 'error') : 'success';
	const title =
		tone === 'success'
			? `${PAST[action]} \`${plugin}\``
			: tone === 'warning'
				? `${PAST[action]} \`${plugin}\`, with problems`
				: `Could not ${VERB[action]} \`${plugin}\``;
	if (!fields.length) fields.push({ name: 'Pieces', value: 'None: the plugin has no piece files.' });
	return { tone, title, fields, footnote: commandsNote(report) };
}

function commandsNote(report: PluginReport): string | null {
	switch (report.commands) {
		case 'updated':
			return 'Slash commands updated on Discord.';
		case 'failed':
			return `Discord did not take the new slash command list: ${report.commandsError ?? 'unknown error'}. The old list is still registered.`;
		default:
			return null;
	}
}

function codeList(items: readonly string[]): string {
	return items.map((item) => `\`${item}\``).join(', ');
}

/** Autocomplete for `<plugin>`: matching names first by prefix, then by substring, with the state beside each. */
export function pluginChoices(plugins: readonly PluginSummary[], typed: string, limit = 25): { name: string; value: string }[] {
	const query = typed
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
	const rank = (name: string) => (name.startsWith(query) ? 0 : 1);
	return plugins
		.filter((plugin) => plugin.name.includes(query))
		.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
		.slice(0, limit)
		.map((plugin) => ({ name: `${plugin.name} (${plugin.enabled ? 'enabled' : 'disabled'})`, value: plugin.name }));
}
