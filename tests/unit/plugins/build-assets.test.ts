import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The build step is plain CommonJS: it runs before any tsc output exists.
const { copyAssets } = require('../../../scripts/build/copy-assets.cjs') as { copyAssets: (from: string, to: string) => string[] };

const SRC = join(__dirname, '../../../src');

describe('the build copies what tsc does not', () => {
	let out: string;
	beforeAll(() => {
		out = mkdtempSync(join(tmpdir(), 'tika-build-'));
	});
	afterAll(() => rmSync(out, { recursive: true, force: true }));

	it("GIVEN the shipped plugins THEN every plugin's personality.yml and models.prisma reach dist/, and no TypeScript does", () => {
		const copied = copyAssets(SRC, out);
		for (const plugin of readdirSync(join(SRC, 'plugins'))) {
			for (const file of readdirSync(join(SRC, 'plugins', plugin))) {
				if (file === 'personality.yml' || file === 'models.prisma') expect(copied).toContain(join('plugins', plugin, file));
			}
		}
		expect(copied).toContain(join('plugins', 'progression', 'personality.yml'));
		expect(copied.filter((file) => /\.ts$/.test(file))).toEqual([]);
		expect(copied.filter((file) => file.startsWith('generated'))).toEqual([]);
	});
});
