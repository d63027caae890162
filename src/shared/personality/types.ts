/**
 * Every situation Tika has a voice for. The YAML file must define each of these (and nothing else), so a typo such as
 * `cooldwn` fails at load time instead of silently falling back to nothing.
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
	'greeting',
	// progression
	'level_up',
	// interactive_games / quick_games
	'game_taunt',
	'game_tika_won',
	'game_tika_lost',
	'game_draw',
	'game_expired',
	// word_games
	'wordchain_invalid',
	// moderation
	'filter_warning'
] as const;

export type ResponseCategory = (typeof RESPONSE_CATEGORIES)[number];

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
 * never be picked because no caller ever supplies it.
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

/** Values for a line's placeholders; anything else a caller passes is ignored. */
export type ResponseVars = Partial<Record<Placeholder, string | number>>;

/** One line of a table, with its placeholders worked out once at load time rather than on every reply. */
export interface ResponseLine {
	readonly text: string;
	readonly placeholders: readonly Placeholder[];
}

/** `plain` is the sass-free variant used when a guild turns sass off. */
export type CategoryTable = Readonly<Record<Tier | 'plain', readonly ResponseLine[]>>;

export type PersonalityTable = Readonly<Record<ResponseCategory, CategoryTable>>;
