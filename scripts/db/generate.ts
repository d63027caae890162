/**
 * `npm run db:generate` (also `postinstall`): writes prisma/sqlite/schema.prisma and
 * prisma/postgres/schema.prisma from prisma/models.prisma (the core) joined with every plugin's
 * src/plugins/<name>/models.prisma (and TIKA_PLUGIN_PATHS plugins'), then generates both Prisma clients into
 * src/generated/{sqlite,postgres}. Works offline: `prisma generate` never runs the schema engine,
 * it only insists that the binary exists, so we point it at a stub instead of letting it download.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeSchemas as writeProviderSchemas } from '../../src/core/database/migrate';
import { DEFAULT_LAYOUT, PROJECT_ROOT, PROVIDERS, schemaPath } from '../../src/core/database/schema';
import type { DatabaseProvider } from '../../src/core/database/url';
import { exitOnHelp } from '../lib/help';

const OFFLINE_ENGINE = join(__dirname, 'offline-schema-engine.sh');

function writeSchemas(): void {
	for (const path of writeProviderSchemas(DEFAULT_LAYOUT)) console.log(`Wrote ${relative(PROJECT_ROOT, path)} from the core and plugin models`);
}

function generateClient(provider: DatabaseProvider): Promise<void> {
	const cli = require.resolve('prisma/build/index.js');
	const schema = relative(PROJECT_ROOT, schemaPath(DEFAULT_LAYOUT, provider));
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [cli, 'generate', '--schema', schema], {
			cwd: PROJECT_ROOT,
			// Respect a real engine binary someone configured; otherwise the stub keeps the CLI offline.
			env: {
				...process.env,
				PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? OFFLINE_ENGINE,
				PRISMA_HIDE_UPDATE_MESSAGE: '1'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) {
				const dir = join(PROJECT_ROOT, 'src/generated', provider === 'sqlite' ? 'sqlite' : 'postgres');
				try {
					patchWasmLoader(join(dir, 'internal/class.ts'));
				} catch (error) {
					reject(error instanceof Error ? error : new Error(String(error)));
					return;
				}
				console.log(`Generated the ${provider} Prisma client in ${relative(PROJECT_ROOT, dir)}`);
				resolvePromise();
				return;
			}
			// Prisma's own message is the useful part; show its meaningful lines, not just an exit code.
			const detail = output
				.split('\n')
				.map((line) => line.trim())
				.filter((line) => line && !line.startsWith('Prisma schema loaded') && !line.startsWith('Loaded Prisma config'))
				.join(' ');
			reject(new Error(`prisma generate failed for ${schema}: ${detail || `exit code ${code}`}`));
		});
	});
}

/** In every patched file: generation patches a freshly generated client once. */
const PATCH_MARK = 'Patched by scripts/db/generate.ts';

const WASM_IMPORT =
	/const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_\w+_bg\.\w+\.wasm-base64\.js)"\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/;

/**
 * The generated client loads its query compiler (≈1.6 MB of wasm) from a module holding it as one base64 string,
 * through `import()`: node's module cache then keeps that 2 MB string, and the module's 2 MB source, for the life of
 * the process although the wasm is compiled once, at the first query. The patched loader reads the file into a
 * WebAssembly.Memory, decodes the base64 into the same memory and compiles from there: no module cache keeps the
 * string (about 4 MB less heap), and neither the 2.3 MB of text nor the 1.6 MB of bytes pass through malloc'd
 * Buffers, whose freed space glibc keeps in the main arena for the life of the process (about 2–4 MB of RSS, measured
 * in docs/architecture.md, "Where Tika's memory goes"); V8 unmaps the memory's pages once it is garbage. Fails loudly
 * when a Prisma upgrade changes the generated code (Prisma is pinned; update the pattern with it).
 */
export function patchWasmLoader(classFile: string): void {
	const source = readFileSync(classFile, 'utf8');
	if (source.includes(PATCH_MARK)) return;
	const match = WASM_IMPORT.exec(source);
	if (!match)
		throw new Error(`${relative(PROJECT_ROOT, classFile)}: the query compiler's wasm import has an unexpected shape (see patchWasmLoader)`);
	const [, module, indent] = match;
	const patched = [
		`// ${PATCH_MARK} (patchWasmLoader): the base64 text and the bytes live in a WebAssembly.Memory, not in`,
		`// node's module cache or malloc'd Buffers; V8 unmaps its pages once the module is compiled and the memory is garbage.`,
		`const fs = require('node:fs') as typeof import('node:fs')`,
		`const file = require.resolve("${module}")`,
		`const size = fs.statSync(file).size`,
		`const memory = new WebAssembly.Memory({ initial: Math.ceil((size + Math.ceil(size / 4) * 3) / 65536) })`,
		`const text = Buffer.from(memory.buffer, 0, size)`,
		`const fd = fs.openSync(file, 'r')`,
		`let read = 0`,
		`try {`,
		`  while (read < size) {`,
		`    const chunk = fs.readSync(fd, text, read, size - read, read)`,
		`    if (chunk === 0) break`,
		`    read += chunk`,
		`  }`,
		`} finally {`,
		`  fs.closeSync(fd)`,
		`}`,
		`const start = text.indexOf('const wasm = "') + 'const wasm = "'.length`,
		`const end = text.indexOf('";', start)`,
		`if (read !== size || start < 'const wasm = "'.length || end < 0) throw new Error('Unexpected content in ${module} (see patchWasmLoader in scripts/db/generate.ts)')`,
		`const length = Buffer.from(memory.buffer, size).write(text.toString('latin1', start, end), 'base64')`,
		`return new WebAssembly.Module(new Uint8Array(memory.buffer, size, length))`
	].join(`\n${indent}`);
	writeFileSync(classFile, source.replace(WASM_IMPORT, patched));
}

/** Writes the provider schemas if needed, then generates both clients. */
export async function generateClients(): Promise<void> {
	writeSchemas();
	// Both generators are independent processes; running them side by side halves install time.
	await Promise.all(PROVIDERS.map(generateClient));
}

if (require.main === module) {
	exitOnHelp(`Usage: npm run db:generate

Writes prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma from prisma/models.prisma and every plugin's
models.prisma, then generates both Prisma clients into src/generated/ (offline). Also runs after npm ci.`);
	generateClients().catch((error: unknown) => {
		console.error(`db:generate: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}
