/**
 * What a plugin provides to import the old (Python) bot's data: a `legacy.ts` in its folder exporting
 * `defineLegacyImporter({ ... })`. `npm run migrate-old-data` discovers these files, so a new plugin brings its own
 * importer and the core never learns plugin shapes. See docs/legacy-import.md.
 */
import { z } from 'zod';
import type { PrismaClient } from '../database/index';

/** A transaction client: everything an importer writes for one file commits or rolls back together. */
export type LegacyDb = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export type ChangeKind = 'created' | 'updated' | 'unchanged';

export interface LegacyContext {
	/** The file's transaction. Prefer {@link LegacyContext.put}, which records what changed (and what would, in a dry run). */
	db: LegacyDb;
	/** The guild of a `guilds/<guild>/<plugin>.json` file; the user of a `users/<user>.json` file. */
	id: string;
	/**
	 * Makes the row matching `where` hold `data`: created when none matches, updated when a field differs, left alone
	 * otherwise (which is what makes a second run change nothing). `where` must match at most one row; it is part of a
	 * created row, and so is `createOnly` (who created it, when: set once, never compared). `label` names the row in
	 * the report.
	 */
	put<T extends Record<string, unknown>>(
		model: string,
		where: Record<string, unknown>,
		data: Record<string, unknown>,
		label: string,
		createOnly?: Record<string, unknown>
	): Promise<{ row: T; change: ChangeKind }>;
	/** A line for the report that is not a row change (e.g. "level recomputed from XP"). */
	note(message: string): void;
}

export interface LegacySection<S extends z.ZodType> {
	/** The legacy shape, as a strict zod schema: unknown keys are reported by name (see docs/legacy-import.md). */
	schema: S;
	/** Writes the parsed data through the context. Throw {@link LegacyDataError} for data the schema cannot judge alone. */
	import(data: z.infer<S>, context: LegacyContext): Promise<void>;
}

export interface LegacyImporter {
	/** The legacy file name without `.json` under `guilds/<guild>/`, and the key in `users/<user>.json`. */
	name: string;
	/** The plugin whose data this is (for the report); the core's own importers say `core`. */
	plugin: string;
	guild?: LegacySection<z.ZodType>;
	user?: LegacySection<z.ZodType>;
	/** Set for a legacy file Tika has no place for: the file is reported as skipped with this reason. */
	skip?: string;
}

/** Data that is well-formed but cannot be imported (a pattern the word filter refuses, a role used twice...). */
export class LegacyDataError extends Error {
	public override readonly name = 'LegacyDataError';
}

export function defineLegacyImporter<G extends z.ZodType, U extends z.ZodType>(importer: {
	name: string;
	plugin: string;
	guild?: LegacySection<G>;
	user?: LegacySection<U>;
	skip?: string;
}): LegacyImporter {
	return importer as unknown as LegacyImporter;
}

/** The user id written where a row wants "who did this" and the legacy data does not say. */
export const LEGACY_ACTOR = 'legacy-import';

/** A Discord id in a legacy file (17–20 digits, as a string: ids overflow JSON numbers). */
export const legacyId = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17–20 digits)');
