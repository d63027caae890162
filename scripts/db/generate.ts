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

const WASM_IMPORT =
	/const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_\w+_bg\.\w+\.wasm-base64\.js)"\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/;

/**
 * The generated client loads its query compiler (≈1.6 MB of wasm) from a module holding it as one base64 string,
 * through `import()`: node's module cache then keeps that 2 MB string, and the module's 2 MB source, for the life of
 * the process although the wasm is compiled once, at the first query. The patched loader reads the same file as text
 * and decodes the string, which is garbage once compiled: about 4 MB less heap in every Tika process. Fails loudly
 * when a Prisma upgrade changes the generated code (Prisma is pinned; update the pattern with it).
 */
export function patchWasmLoader(classFile: string): void {
	const source = readFileSync(classFile, 'utf8');
	if (source.includes('Patched by scripts/db/generate.ts')) return;
	const match = WASM_IMPORT.exec(source);
	if (!match)
		throw new Error(`${relative(PROJECT_ROOT, classFile)}: the query compiler's wasm import has an unexpected shape (see patchWasmLoader)`);
	const [, module, indent] = match;
	const patched = [
		`// Patched by scripts/db/generate.ts (patchWasmLoader): read as text, so no module cache keeps the 2 MB string.`,
		`const base64Module = require('node:fs').readFileSync(require.resolve("${module}"), 'utf8') as string`,
		`const wasm = /^const wasm = "([A-Za-z0-9+/=]*)";$/m.exec(base64Module)?.[1]`,
		`if (!wasm) throw new Error('Unexpected content in ${module} (see patchWasmLoader in scripts/db/generate.ts)')`,
		`return await decodeBase64AsWasm(wasm)`
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
