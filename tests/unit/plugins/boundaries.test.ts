import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The house rule "a plugin is one folder": a plugin never imports another plugin's folder (it uses `shared/` or a
 * service from `container.services`), and the core and shared code never import a plugin. eslint.config.mjs flags the
 * same imports in editors; this test is the guarantee, whatever the editor.
 */
const SRC = resolve(__dirname, '../../../src');
const PLUGINS = join(SRC, 'plugins');

/** Where an import specifier points inside src/, or null for packages and node built-ins. */
function target(fromFile: string, specifier: string): string | null {
	if (specifier.startsWith('.')) return resolve(dirname(fromFile), specifier);
	const alias = /^#(core|shared|plugins|generated|root)\/(.*)$/.exec(specifier);
	if (!alias) return null;
	return alias[1] === 'root' ? join(SRC, alias[2]!) : join(SRC, alias[1]!, alias[2]!);
}

/** The plugin folder name a path lies in (src/plugins/<name>/...), or null outside plugins. */
function pluginOf(path: string): string | null {
	const inside = relative(PLUGINS, path);
	if (inside.startsWith('..') || inside === '') return null;
	return inside.split(sep)[0]!;
}

/** Why importing `specifier` from `file` breaks a boundary, or null when it is fine. */
function boundaryViolation(file: string, specifier: string): string | null {
	const to = target(file, specifier);
	if (to === null) return null;
	const toPlugin = pluginOf(to);
	if (toPlugin === null) return null;
	const area = relative(SRC, file).split(sep)[0];
	if (area === 'core' || area === 'shared') return `${area} must not import a plugin (${toPlugin})`;
	const fromPlugin = pluginOf(file);
	if (fromPlugin !== null && fromPlugin !== toPlugin) {
		return `plugin ${fromPlugin} must not import plugin ${toPlugin}: move the code to src/shared or use container.services`;
	}
	return null;
}

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** The boundary-breaking imports of one file (imports, re-exports, require, import(), module augmentations), as `file:line imports 'specifier': reason`. */
function violationsIn(file: string, text: string): string[] {
	const found: string[] = [];
	for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
		const reason = boundaryViolation(file, imported.fileName);
		if (reason === null) continue;
		const line = text.slice(0, imported.pos).split('\n').length;
		found.push(`src/${relative(SRC, file).split(sep).join('/')}:${line} imports '${imported.fileName}': ${reason}`);
	}
	return found;
}

describe('plugin boundaries', () => {
	const at = (path: string) => join(SRC, ...path.split('/'));

	it('GIVEN every source file under src/ THEN no plugin imports another plugin and neither core nor shared imports a plugin', () => {
		const files = sourceFiles(SRC);
		expect(files.length).toBeGreaterThan(50);
		expect(files.flatMap((file) => violationsIn(file, readFileSync(file, 'utf8')))).toEqual([]);
	});

	it('GIVEN a plugin importing another plugin by a relative path or the #plugins alias THEN that is a violation', () => {
		expect(boundaryViolation(at('plugins/customization/lib/level.ts'), '../../progression/lib/api')).toContain(
			'plugin customization must not import plugin progression'
		);
		expect(boundaryViolation(at('plugins/customization/commands/x.ts'), '#plugins/progression/lib/api')).toContain('plugin progression');
		expect(boundaryViolation(at('plugins/customization/commands/x.ts'), '#root/plugins/progression/plugin')).toContain('plugin progression');
	});

	it('GIVEN core or shared code importing a plugin THEN that is a violation', () => {
		expect(boundaryViolation(at('core/client.ts'), '../plugins/progression/lib/api')).toBe('core must not import a plugin (progression)');
		expect(boundaryViolation(at('shared/images/memberCard.ts'), '#plugins/progression/lib/api')).toBe(
			'shared must not import a plugin (progression)'
		);
	});

	it('GIVEN imports inside one plugin, of core, shared or packages, or of the core plugins folder THEN they are allowed', () => {
		expect(boundaryViolation(at('plugins/progression/commands/rank.ts'), '../lib/api')).toBeNull();
		expect(boundaryViolation(at('plugins/progression/commands/rank.ts'), '#plugins/progression/lib/api')).toBeNull();
		expect(boundaryViolation(at('plugins/customization/lib/level.ts'), '#shared/images/theme')).toBeNull();
		expect(boundaryViolation(at('plugins/customization/lib/level.ts'), '#core/plugins/services')).toBeNull();
		expect(boundaryViolation(at('core/plugins/setup.ts'), './PluginController')).toBeNull();
		expect(boundaryViolation(at('core/client.ts'), './plugins/manifest')).toBeNull();
		expect(boundaryViolation(at('shared/images/reply.ts'), 'discord.js')).toBeNull();
	});

	it('GIVEN a file with a cross-plugin import, require or re-export THEN the scan names the file, line and import', () => {
		const text = [
			"import { SmartEmbed } from '#shared/ui/embeds';",
			"export * from '../../progression/lib/api';",
			'// a comment mentioning ../../moderation/lib/x is not an import',
			"const filter = require('#plugins/moderation/lib/x');"
		].join('\n');
		expect(violationsIn(at('plugins/customization/lib/bad.ts'), text)).toEqual([
			"src/plugins/customization/lib/bad.ts:2 imports '../../progression/lib/api': plugin customization must not import plugin progression: move the code to src/shared or use container.services",
			"src/plugins/customization/lib/bad.ts:4 imports '#plugins/moderation/lib/x': plugin customization must not import plugin moderation: move the code to src/shared or use container.services"
		]);
	});
});
