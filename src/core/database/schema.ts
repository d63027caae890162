import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compareNames } from '../plugins/order';
import type { DatabaseProvider } from './url';

/**
 * Where the Prisma sources live. Everything takes a `PrismaLayout` rather than hard-coding paths so
 * `check()` can be pointed at a temporary copy in tests.
 */
export interface PrismaLayout {
	/** The `prisma/` folder: the core's models.prisma plus one sub-folder per provider. */
	prismaDir: string;
	/**
	 * Folders holding plugin folders; each plugin's own `models.prisma` is joined after the core's. Defaults to
	 * {@link DEFAULT_PLUGIN_ROOTS}: the shipped plugins plus `TIKA_PLUGIN_PATHS`.
	 */
	pluginRoots?: readonly string[];
}

/** One file of models: the core's or a plugin's. */
export interface ModelSource {
	/** `core` or the plugin's name (its folder name). */
	owner: string;
	/** Absolute path of the .prisma file. */
	path: string;
	text: string;
}

export class ModelSourceError extends Error {
	public override readonly name = 'ModelSourceError';
}

/** Sub-folder of `prisma/` (and of `src/generated/`) for each provider. */
export const PROVIDER_DIRS: Record<DatabaseProvider, string> = { sqlite: 'sqlite', postgresql: 'postgres' };
export const PROVIDERS: readonly DatabaseProvider[] = ['sqlite', 'postgresql'];

/**
 * The repository root. This file sits at src/core/database (tsx, jest) or dist/core/database (built
 * bot), both three levels down, so the root is the same either way.
 */
export const PROJECT_ROOT = resolve(__dirname, '../../..');

/**
 * The shipped plugins' sources, plus extra plugin folders from `TIKA_PLUGIN_PATHS` (`:`-separated, like the bot
 * reads them), so that an out-of-tree plugin's models are joined by the same step. Always the `src/` tree: the
 * build does not copy .prisma files to dist/.
 */
export const DEFAULT_PLUGIN_ROOTS: readonly string[] = [
	join(PROJECT_ROOT, 'src', 'plugins'),
	...(process.env.TIKA_PLUGIN_PATHS ?? '')
		.split(':')
		.map((path) => path.trim())
		.filter(Boolean)
		.map((path) => resolve(path))
];
export const DEFAULT_LAYOUT: PrismaLayout = { prismaDir: join(PROJECT_ROOT, 'prisma'), pluginRoots: DEFAULT_PLUGIN_ROOTS };

export const modelsPath = (layout: PrismaLayout) => join(layout.prismaDir, 'models.prisma');
export const schemaPath = (layout: PrismaLayout, provider: DatabaseProvider) => join(layout.prismaDir, PROVIDER_DIRS[provider], 'schema.prisma');
export const migrationsDir = (layout: PrismaLayout, provider: DatabaseProvider) => join(layout.prismaDir, PROVIDER_DIRS[provider], 'migrations');

/** The file a plugin keeps its models in, at the top of its folder. */
export const PLUGIN_MODELS_FILE = 'models.prisma';

/**
 * The core's models, then each plugin's `models.prisma` in plugin-name order (so the joined schema is the same on
 * every machine whatever order the roots list them in). Two files declaring the same model or enum are refused with
 * one line naming both, rather than as a Prisma validation error about the joined file nobody edits.
 */
export function modelSources(layout: PrismaLayout = DEFAULT_LAYOUT): ModelSource[] {
	const core: ModelSource = { owner: 'core', path: modelsPath(layout), text: readFileSync(modelsPath(layout), 'utf8') };
	const plugins: ModelSource[] = [];
	for (const root of layout.pluginRoots ?? DEFAULT_PLUGIN_ROOTS) {
		if (!existsSync(root)) continue;
		for (const entry of readdirSync(root, { withFileTypes: true })) {
			if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
			const path = join(root, entry.name, PLUGIN_MODELS_FILE);
			if (existsSync(path)) plugins.push({ owner: entry.name, path, text: readFileSync(path, 'utf8') });
		}
	}
	// Not localeCompare: this runs at every start that applies migrations, and ICU's collation data stays resident.
	plugins.sort((a, b) => compareNames(a.owner, b.owner) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	const sources = [core, ...plugins];
	const declaredIn = new Map<string, ModelSource>();
	for (const source of sources) {
		for (const match of source.text.matchAll(/^\s*(model|enum|view|type)\s+(\w+)\s*\{/gm)) {
			const name = match[2]!;
			const first = declaredIn.get(name);
			if (first) {
				throw new ModelSourceError(
					`${match[1]} ${name} is declared twice, in ${displayPath(first.path)} and ${displayPath(source.path)}: rename one (prefix a plugin's models with its name)`
				);
			}
			declaredIn.set(name, source);
		}
	}
	return sources;
}

function displayPath(path: string): string {
	const inside = relative(PROJECT_ROOT, path);
	return inside.startsWith('..') ? path : inside;
}

/** The sources joined into one datamodel, each plugin's part under a banner naming its file. */
export function joinModels(sources: readonly ModelSource[]): string {
	return sources
		.map((source) =>
			source.owner === 'core'
				? source.text.trim()
				: [`// ==== plugin ${source.owner}: ${displayPath(source.path).split('\\').join('/')} ====`, '', source.text.trim()].join('\n')
		)
		.join('\n\n');
}

const HEADER = [
	'// GENERATED by `npm run db:generate` from prisma/models.prisma (the core) and src/plugins/*/models.prisma. Do not edit.',
	'// Committed so that online users can run the regular Prisma CLI against this provider.',
	''
];

/**
 * The full schema for one provider: datasource + generator + the shared models. Lines of
 * models.prisma ending in `// only: <provider>` are kept for that provider only (with the marker
 * stripped), which is the escape hatch for provider-specific attributes such as native types.
 *
 * The datasource has no `url`: Prisma 7 reads it from prisma.config.ts, and the bot passes it to
 * its driver adapter itself.
 */
export function renderSchema(models: string, provider: DatabaseProvider): string {
	const body = models
		.split('\n')
		.flatMap((line) => {
			const only = /\s*\/\/\s*only:\s*(sqlite|postgresql)\s*$/.exec(line);
			if (!only) return [line];
			return only[1] === provider ? [line.slice(0, only.index)] : [];
		})
		.join('\n')
		.trim();
	return [
		...HEADER,
		'datasource db {',
		`  provider = "${provider}"`,
		'}',
		'',
		'generator client {',
		'  provider     = "prisma-client"',
		`  output       = "../../src/generated/${PROVIDER_DIRS[provider]}"`,
		// CommonJS project: the ESM flavour uses import.meta.url and cannot load here.
		'  moduleFormat = "cjs"',
		'  runtime      = "nodejs"',
		'  compilerBuild = "small"',
		'}',
		'',
		body,
		''
	].join('\n');
}

/** What `npm run db:generate` writes for each provider, from the core's and the plugins' current models. */
export function expectedSchemas(layout: PrismaLayout = DEFAULT_LAYOUT): Record<DatabaseProvider, string> {
	const models = joinModels(modelSources(layout));
	return { sqlite: renderSchema(models, 'sqlite'), postgresql: renderSchema(models, 'postgresql') };
}

/** Provider schemas whose file content differs from what the generator would write. */
export function staleSchemas(layout: PrismaLayout = DEFAULT_LAYOUT): DatabaseProvider[] {
	const expected = expectedSchemas(layout);
	return PROVIDERS.filter((provider) => {
		const path = schemaPath(layout, provider);
		return !existsSync(path) || readFileSync(path, 'utf8') !== expected[provider];
	});
}

/** Migration folder names of a provider, oldest first (names start with a UTC timestamp). */
export function migrationNames(layout: PrismaLayout, provider: DatabaseProvider): string[] {
	const dir = migrationsDir(layout, provider);
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => entry.name)
		.sort();
}

/** Content of `migration_lock.toml`, byte-identical to what `prisma migrate dev` writes. */
export function lockfileContent(provider: DatabaseProvider): string {
	return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}
