import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { patchWasmLoader } from '../../../scripts/db/generate';

const GENERATED = resolve(__dirname, '../../../src/generated');
const ORIGINAL = `config.compilerWasm = {
  getQueryCompilerWasmModule: async () => {
    const { wasm } = await import("@prisma/client/runtime/query_compiler_small_bg.sqlite.wasm-base64.js")
    return await decodeBase64AsWasm(wasm)
  },
}
`;

/** The slice of the WebAssembly global this test uses (the project's `lib` setting has no WebAssembly typings). */
interface WasmModuleApi {
	new (bytes: Uint8Array): object;
	exports(module: object): { name: string; kind: string }[];
	imports(module: object): { module: string; name: string; kind: string }[];
}
const WasmModule = (globalThis as unknown as { WebAssembly: { Module: WasmModuleApi } }).WebAssembly.Module;

describe('the generated clients load the query compiler without keeping its base64 module', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'tika-wasm-loader-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it.each(['sqlite', 'postgres'])(
		'GIVEN the generated %s client THEN it reads the wasm module into a WebAssembly.Memory instead of importing it',
		(provider) => {
			const source = readFileSync(join(GENERATED, provider, 'internal/class.ts'), 'utf8');
			expect(source).toContain('Patched by scripts/db/generate.ts');
			expect(source).toContain('new WebAssembly.Memory(');
			expect(source).not.toMatch(/import\("@prisma\/client\/runtime\/query_compiler_\w+_bg\.\w+\.wasm-base64\.js"\)/);
		}
	);

	it('GIVEN the patched loader THEN it compiles the same module as decoding the base64 string does', async () => {
		const file = join(dir, 'loader.ts');
		writeFileSync(file, ORIGINAL);
		patchWasmLoader(file);
		// The patched method's body, run as a function: what the generated client runs at its first query.
		const body = /getQueryCompilerWasmModule: async \(\) => \{\n([\s\S]*?)\n {2}\},/.exec(readFileSync(file, 'utf8'))![1]!;
		const load = new Function('require', 'Buffer', `return (async () => {\n${body.replace(/ as typeof import\('node:fs'\)/, '')}\n})()`) as (
			req: NodeJS.Require,
			buffer: typeof Buffer
		) => Promise<object>;
		const loaded = await load(require, Buffer);
		const { wasm } = require('@prisma/client/runtime/query_compiler_small_bg.sqlite.wasm-base64.js') as { wasm: string };
		const expected = new WasmModule(Buffer.from(wasm, 'base64'));
		expect(WasmModule.exports(loaded)).toEqual(WasmModule.exports(expected));
		expect(WasmModule.imports(loaded)).toEqual(WasmModule.imports(expected));
		expect(WasmModule.imports(loaded).length).toBeGreaterThan(10);
	});

	it('GIVEN the loader Prisma generates THEN the patch replaces it once, and patching again changes nothing', () => {
		const file = join(dir, 'class.ts');
		writeFileSync(file, ORIGINAL);
		patchWasmLoader(file);
		const patched = readFileSync(file, 'utf8');
		expect(patched).toContain('require.resolve("@prisma/client/runtime/query_compiler_small_bg.sqlite.wasm-base64.js")');
		expect(patched).not.toContain('await import(');
		patchWasmLoader(file);
		expect(readFileSync(file, 'utf8')).toBe(patched);
	});

	it('GIVEN a loader of another shape (a Prisma upgrade) THEN generation fails and names the file', () => {
		const file = join(dir, 'other.ts');
		writeFileSync(file, ORIGINAL.replace('await import', 'await load'));
		expect(() => patchWasmLoader(file)).toThrow(/other\.ts: the query compiler's wasm import has an unexpected shape/);
	});
});
