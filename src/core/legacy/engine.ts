/**
 * The legacy import (the seed's scripts/migrate_old_data.py): reads the old bot's `guilds/<guild>/<name>.json` and
 * `users/<user>.json` files and hands each to the importer of that name (a plugin's `legacy.ts`).
 *
 * - **One transaction per file:** a file is imported whole or not at all; an importer that throws halfway rolls back
 *   everything it wrote for that file.
 * - **Idempotent:** importers write through `put`, which compares before writing; a second run reports every file
 *   unchanged and writes nothing.
 * - **Dry run:** every file is imported inside its transaction exactly as for real, then rolled back, so the report
 *   ("would create…") is what a real run would do, database constraints included.
 * - **Bad files are reported with their reason and never half-imported:** unreadable or invalid JSON, a wrong type, an
 *   unknown key (unless `allowUnknown`), a folder that is not an id, a file no importer claims, data an importer refuses.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { firstLine } from '../database/errors';
import type { PrismaClient } from '../database/index';
import { LegacyDataError, type ChangeKind, type LegacyContext, type LegacyDb, type LegacyImporter, type LegacySection } from './types';

export interface RowChange {
	kind: Exclude<ChangeKind, 'unchanged'>;
	model: string;
	label: string;
	/** Updated fields, `field: old → new`. */
	fields?: string[];
}

export type FileStatus = 'imported' | 'unchanged' | 'failed' | 'skipped';

export interface FileReport {
	/** Path relative to the imported folder, e.g. `guilds/123…/progression.json`. */
	file: string;
	status: FileStatus;
	/** Why a file failed or was skipped. */
	reason?: string;
	changes: RowChange[];
	unchanged: number;
	notes: string[];
	/** Unknown keys that were left out (only with allowUnknown; without it they fail the file). */
	ignoredKeys: string[];
}

export interface ImportOptions {
	dryRun?: boolean;
	/** Import the known parts of files with unknown keys, listing the keys left out (default: such files fail). */
	allowUnknown?: boolean;
}

export interface ImportReport {
	root: string;
	dryRun: boolean;
	files: FileReport[];
}

const SNOWFLAKE = /^\d{17,20}$/;

class Rollback extends Error {}

/** `<dir>` may be the old bot's `data/` folder or the folder holding it. */
export async function legacyRoot(dir: string): Promise<string> {
	for (const candidate of [dir, join(dir, 'data')]) {
		const hasGuilds = await isDirectory(join(candidate, 'guilds'));
		const hasUsers = await isDirectory(join(candidate, 'users'));
		if (hasGuilds || hasUsers) return candidate;
	}
	throw new LegacyDataError(`${dir} has no guilds/ or users/ folder: point at the old bot's data/ folder (or the folder that holds it).`);
}

export async function importLegacyData(
	prisma: PrismaClient,
	dir: string,
	importers: readonly LegacyImporter[],
	options: ImportOptions = {}
): Promise<ImportReport> {
	const root = await legacyRoot(dir);
	const byName = new Map(importers.map((importer) => [importer.name, importer]));
	const files: FileReport[] = [];

	// Users first: a member's time zone from users/<id>.json is then known when their reminders are read.
	for (const entry of await entries(join(root, 'users'))) {
		const path = join(root, 'users', entry.name);
		const name = relative(root, path);
		const userId = entry.name.replace(/\.json$/, '');
		if (!entry.isFile() || !entry.name.endsWith('.json')) files.push(failed(name, 'not a .json file: users/ holds <user id>.json files'));
		else if (!SNOWFLAKE.test(userId)) files.push(failed(name, `"${userId}" is not a user id (17–20 digits)`));
		else files.push(await importUserFile(prisma, path, name, userId, importers, options));
	}
	for (const guild of await entries(join(root, 'guilds'))) {
		const folder = join(root, 'guilds', guild.name);
		if (!guild.isDirectory()) {
			files.push(failed(relative(root, folder), 'not a folder: guilds/ holds one folder per guild id'));
			continue;
		}
		for (const entry of await entries(folder)) {
			const path = join(folder, entry.name);
			const name = relative(root, path);
			if (!SNOWFLAKE.test(guild.name)) files.push(failed(name, `the folder name "${guild.name}" is not a guild id (17–20 digits)`));
			else if (!entry.isFile() || !entry.name.endsWith('.json')) files.push(failed(name, 'not a .json file'));
			else {
				const importer = byName.get(entry.name.slice(0, -'.json'.length));
				files.push(await importFile(prisma, path, name, guild.name, importer, importer?.guild, 'guild', importers, options));
			}
		}
	}

	return { root, dryRun: options.dryRun ?? false, files };
}

/** A user file holds one section per importer name: `{ "progression": {...}, "reminders": {...} }`, all in one transaction. */
async function importUserFile(
	prisma: PrismaClient,
	path: string,
	name: string,
	userId: string,
	importers: readonly LegacyImporter[],
	options: ImportOptions
): Promise<FileReport> {
	return importFile(prisma, path, name, userId, undefined, undefined, 'user', importers, options);
}

async function importFile(
	prisma: PrismaClient,
	path: string,
	name: string,
	id: string,
	importer: LegacyImporter | undefined,
	section: LegacySection<z.ZodType> | undefined,
	kind: 'guild' | 'user',
	importers: readonly LegacyImporter[],
	options: ImportOptions
): Promise<FileReport> {
	const report: FileReport = { file: name, status: 'unchanged', changes: [], unchanged: 0, notes: [], ignoredKeys: [] };
	let raw: unknown;
	try {
		raw = JSON.parse(await readFile(path, 'utf8'));
	} catch (error) {
		return {
			...report,
			status: 'failed',
			reason: error instanceof SyntaxError ? `not valid JSON (${error.message})` : `cannot be read (${firstLine(error)})`
		};
	}

	// What to run: one importer's section for a guild file; each top-level key's importer for a user file.
	const work: { importer: LegacyImporter; section: LegacySection<z.ZodType>; data: unknown; prefix: string }[] = [];
	if (kind === 'guild') {
		if (!importer) {
			const known = importers.filter((candidate) => candidate.guild || candidate.skip).map((candidate) => candidate.name);
			return { ...report, status: 'failed', reason: `no importer for "${name.split('/').pop()}" (known: ${known.sort().join(', ')})` };
		}
		if (importer.skip) return { ...report, status: 'skipped', reason: importer.skip };
		if (!section) return { ...report, status: 'failed', reason: `${importer.name} has no per-guild legacy data` };
		work.push({ importer, section, data: raw, prefix: '' });
	} else {
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
			return { ...report, status: 'failed', reason: 'expected an object with one key per plugin' };
		for (const [key, data] of Object.entries(raw)) {
			const owner = importers.find((candidate) => candidate.name === key && candidate.user);
			if (!owner) {
				const known = importers.filter((candidate) => candidate.user).map((candidate) => candidate.name);
				if (options.allowUnknown) report.ignoredKeys.push(key);
				else return { ...report, status: 'failed', reason: `unknown key "${key}" (user files know: ${known.sort().join(', ')})` };
				continue;
			}
			work.push({ importer: owner, section: owner.user!, data, prefix: `${key}.` });
		}
	}

	// Validate every section before writing anything.
	const parsed: { importer: LegacyImporter; section: LegacySection<z.ZodType>; data: unknown }[] = [];
	for (const item of work) {
		const result = parseSection(item.section.schema, item.data, options.allowUnknown ?? false);
		if (!result.ok)
			return { ...report, status: 'failed', reason: result.reason.replace(/^/, item.prefix ? `in ${item.prefix.slice(0, -1)}: ` : '') };
		report.ignoredKeys.push(...result.ignored.map((key) => `${item.prefix}${key}`));
		parsed.push({ importer: item.importer, section: item.section, data: result.data });
	}

	try {
		await prisma.$transaction(
			async (tx) => {
				const context = recorder(tx as unknown as LegacyDb, id, report);
				for (const item of parsed) await item.section.import(item.data, context);
				if (options.dryRun) throw new Rollback();
			},
			{ maxWait: 10_000, timeout: 5 * 60_000 }
		);
	} catch (error) {
		if (!(error instanceof Rollback)) {
			const reason =
				error instanceof LegacyDataError ? error.message.replace(/\.$/, '') : `the database refused it (${describeDbError(error)})`;
			return { ...report, status: 'failed', reason: `${reason}; nothing from this file was imported`, changes: [], unchanged: 0, notes: [] };
		}
	}
	report.status = report.changes.length > 0 ? 'imported' : 'unchanged';
	return report;
}

type ParseResult = { ok: true; data: unknown; ignored: string[] } | { ok: false; reason: string };

/** Parses with the strict schema; unknown keys are either the reason the file fails or (allowUnknown) left out and listed. */
function parseSection(schema: z.ZodType, data: unknown, allowUnknown: boolean): ParseResult {
	const ignored: string[] = [];
	let current = data;
	for (let round = 0; round < 20; round++) {
		const result = schema.safeParse(current);
		if (result.success) return { ok: true, data: result.data, ignored };
		const unknown = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
		const other = result.error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
		if (other.length > 0 || !allowUnknown) {
			const lines = (other.length > 0 ? other : unknown).slice(0, 3).map((issue) => {
				const at = issue.path.length ? issue.path.join('.') : '(top level)';
				if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((key) => [...issue.path, key].join('.')).join(', ')}`;
				return `${at}: ${issue.message}`;
			});
			const more = (other.length > 0 ? other : unknown).length > 3 ? ` (and ${(other.length > 0 ? other : unknown).length - 3} more)` : '';
			return { ok: false, reason: `${lines.join('; ')}${more}` };
		}
		current = structuredClone(current);
		for (const issue of unknown) {
			if (issue.code !== 'unrecognized_keys') continue;
			let holder = current as Record<string | number, unknown>;
			for (const step of issue.path) holder = holder[step as string] as Record<string, unknown>;
			for (const key of issue.keys) {
				delete holder[key];
				ignored.push([...issue.path, key].join('.'));
			}
		}
	}
	return { ok: false, reason: 'too many unknown keys' };
}

type Delegate = {
	findFirst(args: { where: Record<string, unknown> }): Promise<Record<string, unknown> | null>;
	create(args: { data: Record<string, unknown> }): Promise<Record<string, unknown>>;
	update(args: { where: Record<string, unknown>; data: Record<string, unknown> }): Promise<Record<string, unknown>>;
	updateMany(args: { where: Record<string, unknown>; data: Record<string, unknown> }): Promise<unknown>;
};

function recorder(db: LegacyDb, id: string, report: FileReport): LegacyContext {
	return {
		db,
		id,
		note: (message) => report.notes.push(message),
		async put<T extends Record<string, unknown>>(
			model: string,
			where: Record<string, unknown>,
			data: Record<string, unknown>,
			label: string,
			createOnly: Record<string, unknown> = {}
		) {
			const delegate = (db as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)];
			if (!delegate) throw new Error(`no model ${model}`);
			const existing = await delegate.findFirst({ where });
			if (!existing) {
				const row = await delegate.create({ data: { ...where, ...createOnly, ...data } });
				report.changes.push({ kind: 'created', model, label });
				return { row: row as T, change: 'created' as const };
			}
			const differing = Object.entries(data).filter(([field, value]) => !same(existing[field], value));
			if (differing.length === 0) {
				report.unchanged++;
				return { row: existing as T, change: 'unchanged' as const };
			}
			const patch = Object.fromEntries(differing);
			const row =
				existing.id !== undefined
					? await delegate.update({ where: { id: existing.id }, data: patch })
					: (await delegate.updateMany({ where, data: patch }), { ...existing, ...patch });
			report.changes.push({
				kind: 'updated',
				model,
				label,
				fields: differing.map(([field, value]) => `${field}: ${show(existing[field])} → ${show(value)}`)
			});
			return { row: row as T, change: 'updated' as const };
		}
	};
}

/** Database values against legacy ones: dates by instant, JSON by content (key order ignored). */
function same(stored: unknown, wanted: unknown): boolean {
	if (stored instanceof Date || wanted instanceof Date) return new Date(stored as Date).getTime() === new Date(wanted as Date).getTime();
	if (typeof stored === 'object' || typeof wanted === 'object') return canonical(stored) === canonical(wanted);
	return stored === wanted;
}

function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, inner: unknown) =>
		inner && typeof inner === 'object' && !Array.isArray(inner)
			? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
			: inner
	);
}

function show(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	const text = typeof value === 'string' ? JSON.stringify(value) : canonical(value);
	return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function describeDbError(error: unknown): string {
	if ((error as { code?: string }).code === 'P2002') {
		const cause = (
			error as { meta?: { driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string }; table?: string } } } }
		).meta?.driverAdapterError?.cause;
		// SQLite names the fields; PostgreSQL names the index, which Prisma builds as <Table>_<field>_<field>_key.
		const fields =
			cause?.constraint?.fields ??
			cause?.constraint?.index
				?.replace(new RegExp(`^${cause.table ?? '[^_]+'}_`), '')
				.replace(/_(p?key)$/, '')
				.split('_');
		return `a row with the same ${fields?.length ? fields.join(', ') : 'unique key'} already exists`;
	}
	return firstLine(error).slice(0, 200);
}

function failed(file: string, reason: string): FileReport {
	return { file, status: 'failed', reason, changes: [], unchanged: 0, notes: [], ignoredKeys: [] };
}

async function entries(dir: string) {
	try {
		return (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
	} catch (error) {
		if ((error as { code?: string }).code === 'ENOENT') return [];
		throw error;
	}
}

async function isDirectory(path: string): Promise<boolean> {
	return stat(path).then(
		(info) => info.isDirectory(),
		() => false
	);
}

/** The report as lines for the terminal: one per file, then (verbose) one per change, then the totals. */
export function formatReport(report: ImportReport, verbose = false): string[] {
	const would = report.dryRun ? 'would ' : '';
	const lines: string[] = [];
	for (const file of report.files) {
		const created = file.changes.filter((change) => change.kind === 'created').length;
		const updated = file.changes.length - created;
		const ignored = file.ignoredKeys.length ? `; ignored unknown key(s): ${file.ignoredKeys.join(', ')}` : '';
		if (file.status === 'failed') lines.push(`✗ ${file.file}: ${file.reason}`);
		else if (file.status === 'skipped') lines.push(`- ${file.file}: skipped: ${file.reason}`);
		else if (file.status === 'unchanged') lines.push(`= ${file.file}: already imported (${file.unchanged} row(s) unchanged)${ignored}`);
		else
			lines.push(
				`✓ ${file.file}: ${would}create ${created}, ${would}update ${updated}, ${file.unchanged} unchanged (${models(file)})${ignored}`
			);
		if (verbose || report.dryRun) {
			for (const change of file.changes) {
				lines.push(
					`    ${would}${change.kind === 'created' ? 'create' : 'update'} ${change.model} ${change.label}${change.fields ? ` (${change.fields.join(', ')})` : ''}`
				);
			}
		}
		for (const note of file.status === 'failed' ? [] : file.notes) lines.push(`    note: ${note}`);
	}
	const count = (status: FileStatus) => report.files.filter((file) => file.status === status).length;
	lines.push(
		`${report.dryRun ? 'Dry run, nothing written: ' : ''}${report.files.length} file(s): ${count('imported')} ${report.dryRun ? 'would be imported' : 'imported'}, ${count('unchanged')} already up to date, ${count('skipped')} skipped, ${count('failed')} failed.`
	);
	return lines;
}

function models(file: FileReport): string {
	const counts = new Map<string, number>();
	for (const change of file.changes) counts.set(change.model, (counts.get(change.model) ?? 0) + 1);
	return [...counts].map(([model, n]) => `${model} ×${n}`).join(', ');
}
