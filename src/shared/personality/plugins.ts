import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getPersonality } from './default';
import { loadCategories, PersonalityFileError } from './loader';
import type { RespondOptions } from './Personality';
import { pluginTables } from './pluginTables';
import { DEFAULT_SASS_LEVEL, type CategoryTable, type PluginCategory, type ResponseVars, type SassLevel } from './types';

/**
 * Plugins' own lines. A plugin declares its categories (and any extra placeholders) in its manifest and ships the
 * lines in `personality.yml` beside `plugin.ts`; discovery loads and checks the file when the plugin is found, and the
 * plugin speaks through {@link pluginVoice}. The core's table never holds a plugin's category.
 *
 * The tables live in {@link pluginTables} rather than in a Personality instance so that replacing the app-wide
 * personality (tests, a reload of the core file) keeps the plugins' lines.
 */

/** The file a plugin keeps its lines in, at the top of its folder. */
export const PLUGIN_PERSONALITY_FILE = 'personality.yml';

/** What discovery knows of a plugin's voice: the manifest's declarations. */
export interface PluginVoiceDeclaration<Category extends string = string, Placeholder extends string = string> {
	readonly name: string;
	readonly personality: readonly Category[];
	readonly placeholders: readonly Placeholder[];
}

/**
 * Loads and checks a plugin's `personality.yml` against what its manifest declares, then makes its lines available.
 * Every mismatch is one line naming the plugin and the category: a declared category missing from the file, a file
 * category the manifest does not declare (a typo), a file without declarations or declarations without a file.
 */
export function loadPluginPersonality(plugin: PluginVoiceDeclaration, directory: string): void {
	const file = join(directory, PLUGIN_PERSONALITY_FILE);
	const where = `${plugin.name}/${PLUGIN_PERSONALITY_FILE}`;
	const hint = `Declare each category in ${plugin.name}/plugin.ts (personality: [...]) and give it plain, base, repeated and frustrated lines in ${where}`;
	// Lines are swapped only once the new file has passed every check: a reload with a broken file keeps the old lines.
	const forget = () => {
		pluginTables.forget(plugin.name);
	};
	if (!existsSync(file)) {
		if (plugin.personality.length === 0) return forget();
		throw new PersonalityFileError(`Plugin ${plugin.name} uses personality category "${plugin.personality[0]}" but has no ${where}`, hint);
	}
	if (plugin.personality.length === 0) {
		throw new PersonalityFileError(`Plugin ${plugin.name} ships ${where} but declares no personality categories in its plugin.ts`, hint);
	}
	let table: Readonly<Record<string, CategoryTable>>;
	try {
		table = loadCategories(file, { categories: plugin.personality, placeholders: plugin.placeholders, restoreHint: hint });
	} catch (error) {
		if (!(error instanceof PersonalityFileError)) throw error;
		// "category x is missing" is the common mistake: say it the way the author thinks of it.
		const missing = /category (\w+) is missing/.exec(error.message);
		if (missing) {
			throw new PersonalityFileError(`Plugin ${plugin.name} uses personality category "${missing[1]}", which ${where} does not define`, hint, {
				cause: error
			});
		}
		const undeclared = /"(\w+)" is not a category/.exec(error.message);
		if (undeclared) {
			throw new PersonalityFileError(`Plugin ${plugin.name}: ${where} defines "${undeclared[1]}", which its plugin.ts does not declare`, hint, {
				cause: error
			});
		}
		throw new PersonalityFileError(`Plugin ${plugin.name}: ${error.message.replace(/^personality\.yml: /, `${where}: `)}`, hint, {
			cause: error
		});
	}
	forget();
	for (const category of plugin.personality) pluginTables.set(`${plugin.name}.${category}`, table[category]!);
}

export interface PluginSayOptions<Placeholder extends string> {
	userId?: string | null;
	sassLevel?: SassLevel;
	vars?: ResponseVars<Placeholder>;
	random?: RespondOptions['random'];
}

/** A plugin's typed access to its own lines: only the categories its manifest declares compile. */
export interface PluginVoice<Category extends string, Placeholder extends string> {
	readonly plugin: string;
	/** The qualified name, for APIs that take any category (e.g. `SmartEmbed.error(..., { category })`). */
	category(name: Category): PluginCategory;
	/** A line for `name` with its placeholders filled in, sassier the more the user has tried Tika's patience. */
	respond(name: Category, options?: PluginSayOptions<Placeholder>): string;
	/** {@link respond}, or `fallback` if the line cannot be produced (a reply must still go out). */
	say(name: Category, options: PluginSayOptions<Placeholder>, fallback: string): string;
}

export function pluginVoice<Category extends string, Placeholder extends string>(
	manifest: PluginVoiceDeclaration<Category, Placeholder>
): PluginVoice<Category, Placeholder> {
	const category = (name: Category): PluginCategory => {
		if (!manifest.personality.includes(name)) {
			throw new PersonalityFileError(`Plugin ${manifest.name} uses personality category "${name}", which its plugin.ts does not declare`, '');
		}
		return `${manifest.name}.${name}`;
	};
	const respond = (name: Category, options: PluginSayOptions<Placeholder> = {}) =>
		getPersonality().respond(category(name), {
			userId: options.userId ?? null,
			sassLevel: options.sassLevel ?? DEFAULT_SASS_LEVEL,
			vars: (options.vars ?? {}) as ResponseVars,
			...(options.random ? { random: options.random } : {})
		});
	return {
		plugin: manifest.name,
		category,
		respond,
		say(name, options, fallback) {
			try {
				return respond(name, options);
			} catch {
				return fallback;
			}
		}
	};
}
