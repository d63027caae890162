/**
 * Every situation the core and the shared UI kit have a voice for. The core YAML file must define each of these (and
 * nothing else), so a typo such as `cooldwn` fails at load time instead of silently falling back to nothing.
 * Plugins declare their own categories in their manifest and ship the lines in their own `personality.yml`; they are
 * addressed as `<plugin>.<category>` (see {@link PluginCategory} and `#shared/personality/plugins`).
 */
export const RESPONSE_CATEGORIES = [
	'success',
	'error',
	'user_fault',
	'permission',
	'bot_permission',
	'cooldown',
	'feature_disabled',
	'not_your_game',
	'confirm_timeout',
	'admin_only',
	'owner_only',
	'unknown_error',
	'greeting'
] as const;

export type ResponseCategory = (typeof RESPONSE_CATEGORIES)[number];

/** A plugin's own category, qualified by the plugin's name: `progression.level_up`. */
export type PluginCategory = `${string}.${string}`;

/** Anything a line can be asked for: a core category or a plugin's qualified one. */
export type AnyCategory = ResponseCategory | PluginCategory;

/** How fed up Tika sounds, chosen from the user's frustration level (seed: > 3 frustrated, > 1 repeated, else base). */
export const TIERS = ['base', 'repeated', 'frustrated'] as const;

export type Tier = (typeof TIERS)[number];

/** A guild's choice: `off` gives plain, polite lines; `mild` never goes past `repeated`; `full` is the whole range. */
export const SASS_LEVELS = ['off', 'mild', 'full'] as const;

export type SassLevel = (typeof SASS_LEVELS)[number];

/** Tika's brand is sass, so a guild that has not chosen gets the full range. */
export const DEFAULT_SASS_LEVEL: SassLevel = 'full';

/**
 * The placeholders a line may use. A closed list so that `{secnds}` in the YAML is a load error, not a line that can
 * never be picked because no caller ever supplies it. A plugin may add its own in its manifest (`placeholders`).
 * - `user`: the person Tika answers (defaults to a mention of `userId`)
 * - `owner`: whoever owns the buttons or game someone else pressed
 * - `command`, `feature`, `permissions`, `seconds`, `error_id`, `bot`: what the caller knows about the situation
 * - `level`, `role`, `server`, `game`, `word`, `reason`, `count`: plugin situations (level-ups, games, filters)
 */
export const PLACEHOLDERS = [
	'user',
	'owner',
	'command',
	'seconds',
	'feature',
	'permissions',
	'error_id',
	'bot',
	'level',
	'role',
	'server',
	'game',
	'word',
	'reason',
	'count'
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Values for a line's placeholders; anything else a caller passes is ignored. `Extra`: a plugin's own placeholders. */
export type ResponseVars<Extra extends string = never> = Partial<Record<Placeholder | Extra, string | number>>;

/** One line of a table, with its placeholders worked out once at load time rather than on every reply. */
export interface ResponseLine {
	readonly text: string;
	readonly placeholders: readonly string[];
}

/** `plain` is the sass-free variant used when a guild turns sass off. */
export type CategoryTable = Readonly<Record<Tier | 'plain', readonly ResponseLine[]>>;

export type PersonalityTable = Readonly<Record<ResponseCategory, CategoryTable>>;
