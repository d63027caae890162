import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { StartupError } from '#core/errors';
import {
	PLACEHOLDERS,
	RESPONSE_CATEGORIES,
	TIERS,
	type CategoryTable,
	type PersonalityTable,
	type Placeholder,
	type ResponseCategory,
	type ResponseLine
} from './types';

/**
 * A broken personality file. It extends {@link StartupError} because the file is meant to be loaded at start-up, where
 * the entry point prints one line naming the category and tier to fix instead of a stack trace.
 */
export class PersonalityFileError extends StartupError {
	public override readonly name = 'PersonalityFileError';
}

const TABLE_KEYS = ['plain', ...TIERS] as const;
const PLACEHOLDER_PATTERN = /\{([a-z_]+)\}/g;
const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(PLACEHOLDERS);

/** Reads and validates a personality file (see `assets/templates/personality.yml` for the format). */
export function loadPersonality(path: string): PersonalityTable {
	const absolute = resolve(path);
	let text: string;
	try {
		text = readFileSync(absolute, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
		throw new PersonalityFileError(`Cannot read personality file ${absolute} (${code})`, 'Restore assets/templates/personality.yml', {
			cause: error
		});
	}
	return parsePersonality(text, basename(absolute));
}

/**
 * Validates personality YAML. Every problem is collected and reported at once (each naming `category.tier`), so fixing
 * the file takes one round trip rather than one per mistake.
 */
export function parsePersonality(text: string, sourceName = 'personality.yml'): PersonalityTable {
	const hint = `Fix ${sourceName}: each category needs plain, base, repeated and frustrated lists of lines`;
	const document = parseDocument(text, { uniqueKeys: true });
	const [syntaxError] = document.errors;
	if (syntaxError) {
		const where = syntaxError.linePos ? ` at line ${syntaxError.linePos[0].line}, column ${syntaxError.linePos[0].col}` : '';
		const what = syntaxError.message.split(/ at line \d+, column \d+:|\n/)[0]!.trim();
		throw new PersonalityFileError(`${sourceName}: YAML syntax error${where}: ${what}`, hint);
	}

	const root = document.toJS() as unknown;
	if (!isRecord(root)) throw new PersonalityFileError(`${sourceName}: expected a mapping of categories (got ${describe(root)})`, hint);

	const problems: string[] = [];
	const known: ReadonlySet<string> = new Set(RESPONSE_CATEGORIES);
	for (const key of Object.keys(root)) {
		if (!known.has(key)) problems.push(`"${key}" is not a category (known: ${RESPONSE_CATEGORIES.join(', ')})`);
	}

	const table = {} as Record<ResponseCategory, CategoryTable>;
	for (const category of RESPONSE_CATEGORIES) {
		const parsed = parseCategory(category, root[category], problems);
		if (parsed) table[category] = parsed;
	}

	if (problems.length) throw new PersonalityFileError(`${sourceName}: ${problems.join('; ')}`, hint);
	return table;
}

function parseCategory(category: string, value: unknown, problems: string[]): CategoryTable | null {
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
			const placeholders = [...new Set([...line.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]!))];
			const unknown = placeholders.filter((name) => !KNOWN_PLACEHOLDERS.has(name));
			if (unknown.length) {
				problems.push(
					`${where}[${index}] uses unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')} (known: ${PLACEHOLDERS.join(', ')})`
				);
				return;
			}
			lines.push({ text: line.trim(), placeholders: placeholders as Placeholder[] });
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
