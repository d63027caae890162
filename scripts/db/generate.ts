/**
 * `npm run db:generate` (also `postinstall`): writes prisma/sqlite/schema.prisma and
 * prisma/postgres/schema.prisma from prisma/models.prisma (the core) joined with every plugin's
 * src/plugins/<name>/models.prisma (and TIKA_PLUGIN_PATHS plugins'), then generates both Prisma clients into
 * src/generated/{sqlite,postgres}. Works offline: `prisma generate` never runs the schema engine,
 * it only insists that the binary exists, so we point it at a stub instead of letting it download.
 */
import { spawn } from 'node:child_process';
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
				console.log(`Generated the ${provider} Prisma client in src/generated/${provider === 'sqlite' ? 'sqlite' : 'postgres'}`);
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
