import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { StartupError } from '#core/errors';
import { parseYamlCached } from '#core/yaml';
import { PLACEHOLDERS, RESPONSE_CATEGORIES, TIERS, type CategoryTable, type PersonalityTable, type ResponseLine } from './types';

/**
 * A broken personality file. It extends {@link StartupError} because the file is meant to be loaded at start-up, where
 * the entry point prints one line naming the category and tier to fix instead of a stack trace.
 */
export class PersonalityFileError extends StartupError {
	public override readonly name = 'PersonalityFileError';
}

const TABLE_KEYS = ['plain', ...TIERS] as const;
const PLACEHOLDER_PATTERN = /\{([a-z_]+)\}/g;

/** What a personality file must hold: exactly these categories, with lines using only these placeholders. */
export interface CategorySpec<Category extends string = string> {
	readonly categories: readonly Category[];
	/** Placeholders lines may use besides the core's {@link PLACEHOLDERS}. */
	readonly placeholders?: readonly string[];
	/** The fix to suggest when the file is unreadable. */
	readonly restoreHint?: string;
}

/** Reads and validates the core personality file (see `assets/templates/personality.yml` for the format). */
export function loadPersonality(path: string): PersonalityTable {
	return loadCategories(path, { categories: RESPONSE_CATEGORIES, restoreHint: 'Restore assets/templates/personality.yml' });
}

/** Reads and validates a personality file against a list of categories (the core's, or a plugin's). */
export function loadCategories<Category extends string>(path: string, spec: CategorySpec<Category>): Readonly<Record<Category, CategoryTable>> {
	const absolute = resolve(path);
	let text: string;
	try {
		text = readFileSync(absolute, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
		throw new PersonalityFileError(`Cannot read personality file ${absolute} (${code})`, spec.restoreHint ?? 'Restore the file', {
			cause: error
		});
	}
	return parseCategories(text, spec, basename(absolute));
}

/**
 * Validates personality YAML. Every problem is collected and reported at once (each naming `category.tier`), so fixing
 * the file takes one round trip rather than one per mistake.
 */
export function parsePersonality(text: string, sourceName = 'personality.yml'): PersonalityTable {
	return parseCategories(text, { categories: RESPONSE_CATEGORIES }, sourceName);
}

/** {@link parsePersonality} for any list of categories and extra placeholders (a plugin's file). */
export function parseCategories<Category extends string>(
	text: string,
	spec: CategorySpec<Category>,
	sourceName = 'personality.yml'
): Readonly<Record<Category, CategoryTable>> {
	const hint = `Fix ${sourceName}: each category needs plain, base, repeated and frustrated lists of lines`;
	const root = parseYamlCached(text, ({ parseDocument }) => {
		const document = parseDocument(text, { uniqueKeys: true });
		const [syntaxError] = document.errors;
		if (syntaxError) {
			const where = syntaxError.linePos ? ` at line ${syntaxError.linePos[0].line}, column ${syntaxError.linePos[0].col}` : '';
			const what = syntaxError.message.split(/ at line \d+, column \d+:|\n/)[0]!.trim();
			throw new PersonalityFileError(`${sourceName}: YAML syntax error${where}: ${what}`, hint);
		}
		return document.toJS() as unknown;
	});
	if (!isRecord(root)) throw new PersonalityFileError(`${sourceName}: expected a mapping of categories (got ${describe(root)})`, hint);

	const problems: string[] = [];
	const known: ReadonlySet<string> = new Set(spec.categories);
	for (const key of Object.keys(root)) {
		if (!known.has(key)) problems.push(`"${key}" is not a category (known: ${spec.categories.join(', ') || 'none'})`);
	}

	const placeholders = [...PLACEHOLDERS, ...(spec.placeholders ?? [])];
	const table = {} as Record<Category, CategoryTable>;
	for (const category of spec.categories) {
		const parsed = parseCategory(category, root[category], placeholders, problems);
		if (parsed) table[category] = parsed;
	}

	if (problems.length) throw new PersonalityFileError(`${sourceName}: ${problems.join('; ')}`, hint);
	return table;
}

function parseCategory(category: string, value: unknown, placeholders: readonly string[], problems: string[]): CategoryTable | null {
	const knownPlaceholders: ReadonlySet<string> = new Set(placeholders);
	if (value === undefined) {
		problems.push(`category ${category} is missing`);
		return null;
	}
	if (!isRecord(value)) {
		problems.push(`${category} must be a mapping of plain, base, repeated and frustrated (got ${describe(value)})`);
		return null;
	}
	for (const key of Object.keys(value)) {
		if (!(TABLE_KEYS as readonly string[]).includes(key)) problems.push(`${category}.${key} is not a tier (use ${TABLE_KEYS.join(', ')})`);
	}

	const result: Partial<Record<(typeof TABLE_KEYS)[number], ResponseLine[]>> = {};
	for (const tier of TABLE_KEYS) {
		const where = `${category}.${tier}`;
		// A single plain line is the common case, so it may be written as a string rather than a one-item list.
		const raw = tier === 'plain' && typeof value[tier] === 'string' ? [value[tier]] : value[tier];
		if (!Array.isArray(raw) || raw.length === 0) {
			problems.push(`${where} must be a list of at least one line (got ${describe(raw)})`);
			continue;
		}
		const lines: ResponseLine[] = [];
		raw.forEach((line: unknown, index) => {
			if (typeof line !== 'string' || !line.trim()) {
				problems.push(`${where}[${index}] must be a non-empty line of text (got ${describe(line)})`);
				return;
			}
			const used = [...new Set([...line.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]!))];
			const unknown = used.filter((name) => !knownPlaceholders.has(name));
			if (unknown.length) {
				problems.push(
					`${where}[${index}] uses unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')} (known: ${placeholders.join(', ')})`
				);
				return;
			}
			lines.push({ text: line.trim(), placeholders: used });
		});
		// Callers do not always know every value (a cooldown without its seconds), so each tier needs a line that needs none.
		if (lines.length && lines.length === raw.length && lines.every((line) => line.placeholders.length > 0)) {
			problems.push(`${where} needs at least one line without placeholders, for callers that have no values to fill in`);
		}
		result[tier] = lines;
	}
	return result as CategoryTable;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === undefined || value === null) return 'nothing';
	if (Array.isArray(value)) return value.length ? 'a list' : 'an empty list';
	if (typeof value === 'string') return value.trim() ? `"${value}"` : 'an empty string';
	if (typeof value === 'object') return 'a mapping';
	return String(value);
}
