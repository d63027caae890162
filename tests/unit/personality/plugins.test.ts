import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin } from '#core/plugins/manifest';
import { discoverPlugins } from '#core/plugins/discovery';
import { describeStartupFailure } from '#core/startup-failure';
import { DEFAULT_PERSONALITY_PATH, setPersonality } from '#shared/personality/default';
import { parsePersonality, PersonalityFileError } from '#shared/personality/loader';
import { Personality } from '#shared/personality/Personality';
import { loadPluginPersonality, pluginVoice } from '#shared/personality/plugins';
import { TIERS } from '#shared/personality/types';
import { readFileSync } from 'node:fs';

const SHIPPED_PLUGINS = join(__dirname, '../../../src/plugins');
const table = (lines: Record<string, string[]>) => ({
	plain: ['Plain.'],
	base: ['Base.'],
	repeated: ['Repeated.'],
	frustrated: ['Frustrated.'],
	...lines
});

describe('plugin personalities', () => {
	let dir: string;
	const write = (name: string, yaml: Record<string, unknown> | null) => {
		const folder = join(dir, name);
		mkdirSync(folder, { recursive: true });
		// JSON is valid YAML and keeps these fixtures free of indentation mistakes.
		if (yaml) writeFileSync(join(folder, 'personality.yml'), JSON.stringify(yaml));
		return folder;
	};
	const manifest = (personality: string[], placeholders: string[] = []) =>
		definePlugin({ name: 'fx_voice', category: 'user', description: 'A test plugin', version: '1.0.0', personality, placeholders });

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-voice-'));
		setPersonality(null);
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('GIVEN a declared category and its lines THEN the plugin speaks them, with its own placeholders filled in', () => {
		const folder = write('fx_voice', { cheer: table({ base: ['Go {team}!', 'Go!'], plain: ['Go {team}.', 'Go.'] }) });
		const plugin = manifest(['cheer'], ['team']);
		loadPluginPersonality(plugin, folder);
		const voice = pluginVoice(plugin);
		expect(voice.respond('cheer', { sassLevel: 'full', vars: { team: 'Tika' }, random: () => 0 })).toBe('Go Tika!');
		expect(voice.respond('cheer', { sassLevel: 'off', vars: { team: 'Tika' }, random: () => 0 })).toBe('Go Tika.');
		expect(voice.category('cheer')).toBe('fx_voice.cheer');
	});

	it('GIVEN a category the file lacks THEN loading fails with one line naming the plugin and the category', () => {
		const folder = write('fx_voice', { cheer: table({}) });
		const error = captured(() => loadPluginPersonality(manifest(['cheer', 'boo']), folder));
		expect(error).toBeInstanceOf(PersonalityFileError);
		expect(describeStartupFailure(error)).toMatch(
			/^Plugin fx_voice uses personality category "boo", which fx_voice\/personality\.yml does not define\. /
		);
		expect(describeStartupFailure(error)).not.toContain('\n');
	});

	it('GIVEN a file category the manifest does not declare (a typo) THEN loading fails naming it', () => {
		const folder = write('fx_voice', { cheer: table({}), chear: table({}) });
		expect(() => loadPluginPersonality(manifest(['cheer']), folder)).toThrow(
			'Plugin fx_voice: fx_voice/personality.yml defines "chear", which its plugin.ts does not declare'
		);
	});

	it('GIVEN declared categories and no file, or a file and no declarations THEN loading fails', () => {
		expect(() => loadPluginPersonality(manifest(['cheer']), write('fx_voice', null))).toThrow(
			'Plugin fx_voice uses personality category "cheer" but has no fx_voice/personality.yml'
		);
		expect(() => loadPluginPersonality(manifest([]), write('fx_voice', { cheer: table({}) }))).toThrow(
			'Plugin fx_voice ships fx_voice/personality.yml but declares no personality categories'
		);
	});

	it('GIVEN a placeholder the plugin did not declare THEN the line is refused, listing the known ones', () => {
		const folder = write('fx_voice', { cheer: table({ base: ['Go {tema}!', 'Go.'] }) });
		expect(() => loadPluginPersonality(manifest(['cheer'], ['team']), folder)).toThrow(
			/^Plugin fx_voice: fx_voice\/personality\.yml: cheer\.base\[0\] uses unknown placeholder \{tema\} \(known: .*team\)/
		);
	});

	it('GIVEN a category used at run time that the manifest does not declare THEN it fails naming plugin and category', () => {
		const folder = write('fx_voice', { cheer: table({}) });
		const plugin = manifest(['cheer']);
		loadPluginPersonality(plugin, folder);
		expect(() => pluginVoice(plugin).respond('boo' as never)).toThrow(
			'Plugin fx_voice uses personality category "boo", which its plugin.ts does not declare'
		);
		expect(pluginVoice(plugin).say('boo' as never, {}, 'fallback')).toBe('fallback');
	});

	it('GIVEN a reload with an edited file THEN the new lines replace the old, and a broken edit keeps the old lines', () => {
		const plugin = manifest(['cheer']);
		const folder = write('fx_voice', { cheer: table({ base: ['Old line.'] }) });
		loadPluginPersonality(plugin, folder);
		write('fx_voice', { cheer: table({ base: ['New line.'] }) });
		loadPluginPersonality(plugin, folder);
		expect(pluginVoice(plugin).respond('cheer', { sassLevel: 'full' })).toBe('New line.');
		write('fx_voice', { cheer: table({ base: [] }) });
		expect(() => loadPluginPersonality(plugin, folder)).toThrow(/cheer\.base must be a list of at least one line/);
		expect(pluginVoice(plugin).respond('cheer', { sassLevel: 'full' })).toBe('New line.');
	});

	it("GIVEN the app-wide personality is replaced THEN the plugins' lines are still there", () => {
		const folder = write('fx_voice', { cheer: table({ base: ['Hooray.'] }) });
		const plugin = manifest(['cheer']);
		loadPluginPersonality(plugin, folder);
		setPersonality(new Personality(parsePersonality(readFileSync(DEFAULT_PERSONALITY_PATH, 'utf8'))));
		expect(pluginVoice(plugin).respond('cheer', { sassLevel: 'full' })).toBe('Hooray.');
	});
});

describe('the shipped plugins', () => {
	it('load their personality files at discovery, each with four or more lines per tier', () => {
		const plugins = discoverPlugins(SHIPPED_PLUGINS);
		const speaking = plugins.filter((plugin) => plugin.manifest.personality.length > 0);
		expect(speaking.map((plugin) => plugin.manifest.name)).toEqual(
			expect.arrayContaining(['interactive_games', 'moderation', 'progression', 'quick_games', 'word_games'])
		);
		const personality = new Personality(parsePersonality(readFileSync(DEFAULT_PERSONALITY_PATH, 'utf8')));
		const insults = /\b(stupid|idiot|dumb|moron|ugly|fat|loser|pathetic|brain|clown|useless|worthless|retard\w*|crazy|insane)\b/i;
		for (const { manifest } of speaking) {
			for (const category of manifest.personality) {
				for (const tier of TIERS) {
					const lines = personality.lines(`${manifest.name}.${category}`, tier);
					expect(lines.length).toBeGreaterThanOrEqual(4);
					for (const line of lines) expect(line).not.toMatch(insults);
				}
			}
		}
	});

	it("keep their categories out of the core's table", () => {
		expect(() => parsePersonality(readFileSync(DEFAULT_PERSONALITY_PATH, 'utf8') + '\nlevel_up:\n  plain: [x]\n')).toThrow(
			/"level_up" is not a category/
		);
	});
});

function captured(run: () => void): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	throw new Error('expected an error');
}
