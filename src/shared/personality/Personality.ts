import { FrustrationTracker } from './FrustrationTracker';
import { loadPersonality, PersonalityFileError } from './loader';
import { pluginTables } from './pluginTables';
import type {
	AnyCategory,
	CategoryTable,
	PersonalityTable,
	PluginCategory,
	ResponseCategory,
	ResponseLine,
	ResponseVars,
	SassLevel,
	Tier
} from './types';

export interface RespondOptions {
	/** Whose frustration picks the tier (and who `{user}` is); without it Tika answers at base tier. */
	userId?: string | null;
	sassLevel: SassLevel;
	/** Placeholder values: the core's {@link ResponseVars}, plus a plugin's own placeholders. */
	vars?: ResponseVars<string>;
	/** Overrides the instance's random source for this call, for tests. Returns a number in [0, 1). */
	random?: () => number;
}

export interface PersonalityOptions {
	/** Where frustration levels come from; a fresh tracker with default settings if omitted. */
	tracker?: FrustrationTracker;
	/** Returns a number in [0, 1). Default `Math.random`. */
	random?: () => number;
	/** How many user+category pairs remember their last line (to avoid saying it twice in a row). Default 10,000. */
	memory?: number;
}

/**
 * Tika's voice: picks a line for a situation, sassier the more a user has been trying her patience, tamer when the
 * guild asks for it. It only reads the frustration tracker; the command lifecycle listeners are the ones that record
 * what users do, because they are the ones who see it.
 */
export class Personality {
	public readonly tracker: FrustrationTracker;
	private readonly random: () => number;
	private readonly memory: number;
	/** Last line said per user+category, in LRU order like the tracker, so it cannot grow without bound. */
	private readonly lastLines = new Map<string, string>();

	public constructor(
		private readonly table: PersonalityTable,
		options: PersonalityOptions = {}
	) {
		this.tracker = options.tracker ?? new FrustrationTracker();
		this.random = options.random ?? Math.random;
		this.memory = Math.max(1, Math.floor(options.memory ?? 10_000));
	}

	public static fromFile(path: string, options?: PersonalityOptions): Personality {
		return new Personality(loadPersonality(path), options);
	}

	/** The table a reply would come from: `plain` when sass is off, otherwise the tier for the user's frustration. */
	public tierFor(userId: string | null | undefined, sassLevel: SassLevel): Tier | 'plain' {
		if (sassLevel === 'off') return 'plain';
		const tier = tierForLevel(userId ? this.tracker.level(userId) : 0);
		return sassLevel === 'mild' && tier === 'frustrated' ? 'repeated' : tier;
	}

	/**
	 * A line for `category` (a core category, or a plugin's as `plugin.category`), with its placeholders filled in.
	 * Never the same line twice in a row for a user+category.
	 */
	public respond(category: AnyCategory, options: RespondOptions): string {
		const { userId, sassLevel } = options;
		const vars: Record<string, string | number | undefined> = { ...options.vars };
		// A mention renders as the user's name without a fetch; callers pass `user` themselves to say it differently.
		if (vars.user === undefined && userId) vars.user = `<@${userId}>`;

		const lines = this.tableOf(category)[this.tierFor(userId, sassLevel)];
		// Only lines whose every placeholder has a value; the loader guarantees at least one line needs none.
		const usable = lines.filter((line) => line.placeholders.every((name) => vars[name] !== undefined && vars[name] !== ''));

		const key = `${userId ?? ''}:${category}`;
		const previous = this.lastLines.get(key);
		const fresh = usable.length > 1 ? usable.filter((line) => line.text !== previous) : usable;
		const line = pick(fresh, options.random ?? this.random);
		this.remember(key, line.text);
		return fill(line, vars);
	}

	/** The raw lines of one table, e.g. for a `/personality preview` command or tests. */
	public lines(category: AnyCategory, tier: Tier | 'plain'): readonly string[] {
		return this.tableOf(category)[tier].map((line) => line.text);
	}

	private tableOf(category: AnyCategory): CategoryTable {
		const table = category.includes('.') ? pluginTables.get(category as PluginCategory) : this.table[category as ResponseCategory];
		if (!table) throw new PersonalityFileError(`No personality lines for "${category}": no loaded plugin declares that category`, '');
		return table;
	}

	private remember(key: string, text: string): void {
		this.lastLines.delete(key);
		this.lastLines.set(key, text);
		if (this.lastLines.size > this.memory) this.lastLines.delete(this.lastLines.keys().next().value as string);
	}
}

/** The seed's thresholds: level > 3 is frustrated, > 1 is repeated, anything else is base. */
export function tierForLevel(level: number): Tier {
	if (level > 3) return 'frustrated';
	if (level > 1) return 'repeated';
	return 'base';
}

function pick(lines: readonly ResponseLine[], random: () => number): ResponseLine {
	// Clamp: a misbehaving random source returning 1 (or more) must still land on a real line.
	const index = Math.min(lines.length - 1, Math.max(0, Math.floor(random() * lines.length)));
	return lines[index]!;
}

function fill(line: ResponseLine, vars: Readonly<Record<string, string | number | undefined>>): string {
	if (!line.placeholders.length) return line.text;
	return line.text.replace(/\{([a-z_]+)\}/g, (match, name: string) => {
		const value = vars[name];
		return value === undefined ? match : String(value);
	});
}
