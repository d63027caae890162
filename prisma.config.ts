/**
 * Configuration for the regular Prisma CLI (`npx prisma migrate status`, `studio`, ...), for people
 * who are online and prefer it. Tika itself never needs it: the bot and `npm run db:*` drive the
 * schema engine in-process (src/core/database/migrate.ts).
 *
 * Prisma 7 clients are tied to one provider, so the schema and migrations folder follow the
 * DATABASE_URL scheme, exactly like the bot does.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { defineConfig } from 'prisma/config';

if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });

const url = process.env.DATABASE_URL || 'file:./data/tika.db';
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';

/** The CLI resolves relative SQLite paths differently per command; an absolute file:// URL means one file for all of them. */
function absoluteSqliteUrl(fileUrl: string): string {
	if (fileUrl.startsWith('file://')) return fileUrl;
	const path = fileUrl.slice('file:'.length).split('?')[0]!;
	return pathToFileURL(isAbsolute(path) ? path : resolve(process.cwd(), path)).href;
}

export default defineConfig({
	schema: `prisma/${provider}/schema.prisma`,
	migrations: { path: `prisma/${provider}/migrations` },
	datasource: { url: provider === 'sqlite' ? absoluteSqliteUrl(url) : url }
});
