/** What /help knows about one command: plain data so the grouping and wording are unit-testable. */
export interface HelpEntry {
	name: string;
	description: string;
	plugin: string;
	pluginDescription: string;
	/** Usable as a prefix command (`!tika <name>`). */
	prefix: boolean;
}

export interface HelpSection {
	plugin: string;
	description: string;
	lines: string[];
}

/** Groups commands by plugin in the given plugin order; commands alphabetical inside a plugin. */
export function buildHelpSections(entries: readonly HelpEntry[], pluginOrder: readonly string[]): HelpSection[] {
	const byPlugin = new Map<string, HelpEntry[]>();
	for (const entry of entries) {
		const list = byPlugin.get(entry.plugin) ?? [];
		list.push(entry);
		byPlugin.set(entry.plugin, list);
	}
	const rank = (plugin: string) => {
		const index = pluginOrder.indexOf(plugin);
		return index === -1 ? pluginOrder.length : index;
	};
	return [...byPlugin.entries()]
		.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
		.map(([plugin, list]) => ({
			plugin,
			description: list[0]!.pluginDescription,
			lines: list.sort((a, b) => a.name.localeCompare(b.name)).map((entry) => `\`/${entry.name}\` ${entry.description}`)
		}));
}

/** Discord caps an embed field value at 1024 characters: split long sections rather than truncate them. */
export function chunkLines(lines: readonly string[], limit = 1024): string[] {
	const chunks: string[] = [];
	let current = '';
	for (const line of lines) {
		const safe = line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
		if (current && current.length + 1 + safe.length > limit) {
			chunks.push(current);
			current = safe;
		} else {
			current = current ? `${current}\n${safe}` : safe;
		}
	}
	if (current) chunks.push(current);
	return chunks;
}
