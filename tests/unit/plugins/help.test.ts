import { buildHelpSections, chunkLines } from '#plugins/core/lib/help';

const entry = (name: string, plugin: string) => ({ name, description: `does ${name}`, plugin, pluginDescription: `${plugin} things`, prefix: true });

describe('/help layout', () => {
	it('groups commands by plugin in load order, commands alphabetical', () => {
		const sections = buildHelpSections([entry('rank', 'progression'), entry('ping', 'core'), entry('help', 'core')], ['core', 'progression']);
		expect(sections).toEqual([
			{ plugin: 'core', description: 'core things', lines: ['`/help` does help', '`/ping` does ping'] },
			{ plugin: 'progression', description: 'progression things', lines: ['`/rank` does rank'] }
		]);
	});

	it('splits a long section into chunks that fit an embed field', () => {
		const lines = Array.from({ length: 60 }, (_, index) => `line ${index} ${'x'.repeat(40)}`);
		const chunks = chunkLines(lines);
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1024);
		expect(chunks.join('\n')).toBe(lines.join('\n'));
	});
});
