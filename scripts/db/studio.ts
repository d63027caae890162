/**
 * `npm run db:studio`: Prisma Studio on the configured database (DATABASE_URL from the environment
 * or `.env`, default SQLite at ./data/tika.db), at http://localhost:5555. Studio starts offline; it
 * only needs an absolute file:// URL for SQLite, otherwise it resolves the path against its own
 * folder. The matching provider schema is picked by prisma.config.ts from the same DATABASE_URL.
 *
 * The URL reaches Studio through the child's environment (DATABASE_URL, read by prisma.config.ts), never its
 * command line: any user on the machine can read a process's arguments (`ps`), and the URL holds the password.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { redactUrl } from '../../src/core/database/errors';
import { PROJECT_ROOT } from '../../src/core/database/schema';
import { DEFAULT_DATABASE_URL, providerOf, sqlitePath } from '../../src/core/database/url';
import { exitOnHelp } from '../lib/help';

const USAGE = `Usage: npm run db:studio

Opens Prisma Studio on the DATABASE_URL database (from the environment or .env; default SQLite ./data/tika.db)
at http://localhost:5555 (STUDIO_PORT changes the port). Ctrl+C stops it.`;

/** The Studio child's arguments and environment: the database URL goes in the environment only. */
export function studioCommand(url: string, port: string, env: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
	let studioUrl = url;
	if (providerOf(url) === 'sqlite') {
		const file = sqlitePath(url);
		if (!existsSync(file)) throw new Error(`No SQLite database at ${file} yet: run npm run db:migrate (or start the bot) first.`);
		studioUrl = pathToFileURL(file).href;
	}
	return {
		args: [require.resolve('prisma/build/index.js'), 'studio', '--browser', 'none', '--port', port],
		env: {
			...env,
			DATABASE_URL: studioUrl,
			PRISMA_SCHEMA_ENGINE_BINARY: env.PRISMA_SCHEMA_ENGINE_BINARY ?? join(__dirname, 'offline-schema-engine.sh')
		}
	};
}

function main(): void {
	exitOnHelp(USAGE);
	if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
	const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
	const port = process.env.STUDIO_PORT ?? '5555';
	const command = studioCommand(url, port);
	console.log(`Prisma Studio for ${redactUrl(url)} on http://localhost:${port} (Ctrl+C to stop)`);
	const child = spawn(process.execPath, command.args, { cwd: PROJECT_ROOT, env: command.env, stdio: 'inherit' });
	// Forward Ctrl+C / termination so Studio's server shuts down with us.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
	child.on('error', (error) => {
		console.error(`db:studio: cannot start Prisma Studio: ${error.message}`);
		process.exit(1);
	});
	child.on('exit', (code) => process.exit(code ?? 0));
}

if (require.main === module) {
	try {
		main();
	} catch (error) {
		console.error(`db:studio: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
}
