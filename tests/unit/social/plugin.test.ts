import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, validatePluginSettings } from '#core/config/loader';
import { StartupError } from '#core/errors';
import { installPluginSettings } from '#core/plugins/settings';
import { ACTION_NAMES } from '#plugins/social/lib/actions';
import { pickGif } from '#plugins/social/lib/perform';
import plugin from '#plugins/social/plugin';

const PLUGIN_DIR = join(__dirname, '../../../src/plugins/social');

describe('social plugin manifest and settings', () => {
	const config = (yaml: string) => parseConfig(yaml, 'config.yml');
	/** config.yml with `gifs` as the body of plugins.settings.social.gifs. */
	const withGifs = (gifs: string) => `plugins:\n  settings:\n    social:\n      gifs:\n        ${gifs}\n`;
	const failure = (yaml: string) => {
		try {
			validatePluginSettings(config(yaml), [{ manifest: plugin }]);
		} catch (error) {
			expect(error).toBeInstanceOf(StartupError);
			return (error as StartupError).message;
		}
		throw new Error('expected the social settings to be refused');
	};

	it('GIVEN every action THEN it has its command file, its personality category and its GIF list in the config schema', () => {
		for (const action of ACTION_NAMES) {
			expect(existsSync(join(PLUGIN_DIR, 'commands', `${action}.ts`))).toBe(true);
			expect(plugin.personality).toContain(`social_${action}`);
			expect(
				validatePluginSettings(config(withGifs(`${action}: [https://media.example.com/${action}.gif]`)), [{ manifest: plugin }]).get('social')
			).toMatchObject({
				gifs: { [action]: [`https://media.example.com/${action}.gif`] }
			});
		}
	});

	it('GIVEN https GIF URLs for an action THEN they are accepted; no section at all means everything is drawn', () => {
		const parsed = validatePluginSettings(config(withGifs('hug: [https://media.example.com/a.gif]')), [{ manifest: plugin }]);
		expect(parsed.get('social')).toMatchObject({ gifs: { hug: ['https://media.example.com/a.gif'] } });
		expect(validatePluginSettings(config(''), [{ manifest: plugin }]).get('social')).toMatchObject({ gifs: {} });
	});

	it('GIVEN a plain-http URL, a non-URL or a misspelt action THEN start-up stops with one line naming the key', () => {
		expect(failure(withGifs('hug: [http://media.example.com/a.gif]'))).toContain(
			'plugins.settings.social.gifs.hug[0] must be an https URL of a GIF'
		);
		expect(failure(withGifs('pat: [not a url]'))).toContain('plugins.settings.social.gifs.pat[0]');
		expect(failure(withGifs('hugs: [https://media.example.com/a.gif]'))).toContain('plugins.settings.social.gifs.hugs');
		expect(failure(withGifs('hug: https://media.example.com/a.gif'))).toContain('a list of https GIF URLs');
	});

	it('GIVEN GIFs for hugs only THEN a hug picks one of them and a pat gets none (it is drawn)', () => {
		installPluginSettings(config(withGifs('hug: [https://a.example/1.gif, https://a.example/2.gif]')), [{ manifest: plugin }]);
		expect(pickGif('hug', () => 0)).toBe('https://a.example/1.gif');
		expect(pickGif('hug', () => 1)).toBe('https://a.example/2.gif');
		expect(pickGif('pat', () => 0)).toBeNull();
	});
});
