import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutsideMalloc } from '#core/module-pack';

describe('readOutsideMalloc (the module pack reads its large files into a WebAssembly.Memory)', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-pack-read-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('GIVEN files of several sizes, one spanning many 64 KiB pages and one with UTF-8 text THEN it returns exactly their bytes, and the text decodes the same', () => {
		const text = 'const note = "≤ 1.0× — ok";\n'.repeat(10_000);
		const binary = Buffer.alloc(3 * 65_536 + 17);
		for (let i = 0; i < binary.length; i++) binary[i] = (i * 31 + 7) & 0xff;
		const files = { 'empty.bin': Buffer.alloc(0), 'one.bin': Buffer.from([42]), 'pages.bin': binary, 'script.js': Buffer.from(text, 'utf8') };
		for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);

		for (const name of Object.keys(files)) {
			const read = readOutsideMalloc(join(dir, name));
			expect(read.length).toBe(readFileSync(join(dir, name)).length);
			expect(read.equals(readFileSync(join(dir, name)))).toBe(true);
		}
		expect(readOutsideMalloc(join(dir, 'script.js')).toString('utf8')).toBe(text);
		expect(readOutsideMalloc(join(dir, 'pages.bin')).toString('latin1')).toBe(readFileSync(join(dir, 'pages.bin'), 'latin1'));
	});

	it('GIVEN a file that does not exist THEN it throws, as readFileSync does', () => {
		expect(() => readOutsideMalloc(join(dir, 'missing.js'))).toThrow(/ENOENT/);
	});
});
