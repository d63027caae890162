/**
 * The actions members do to each other. One table drives everything: the commands (one per action), the words of the
 * counter line, the stats and the picture. Adding an action is a row here, a command file, a personality category
 * `social_<name>` and (optionally) a `gifs.<name>` list in the config schema.
 */

export const ACTION_NAMES = ['hug', 'pat', 'poke', 'highfive', 'boop', 'bonk'] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

/** Where the action's big emoji goes: between the two members, or over the target's head (a pat, a bonk). */
export type EmojiPlacement = 'between' | 'over_target';

/** What happens to the target's avatar in the picture. */
export type TargetPose = 'still' | 'tilt' | 'squash';

export interface SocialAction {
	readonly name: ActionName;
	/** "you cannot hug yourself": the bare verb. */
	readonly verb: string;
	/** "alice hugs bob": present tense, third person. */
	readonly third: string;
	/** "alice has hugged bob 3 times". */
	readonly past: string;
	/** Heading in /social stats. */
	readonly plural: string;
	/** The slash command's description. */
	readonly description: string;
	readonly emoji: string;
	/** Small emoji scattered around the picture. */
	readonly sparkles: readonly string[];
	/** The picture's gradient, top-left to bottom-right (0xRRGGBB). */
	readonly colors: readonly [number, number];
	readonly placement: EmojiPlacement;
	readonly pose: TargetPose;
	/** The two avatars lean in towards each other (a hug, a high five). */
	readonly close: boolean;
}

export const ACTIONS: Readonly<Record<ActionName, SocialAction>> = {
	hug: {
		name: 'hug',
		verb: 'hug',
		third: 'hugs',
		past: 'hugged',
		plural: 'Hugs',
		description: 'Give a member a hug.',
		emoji: '🤗',
		sparkles: ['💖', '💕'],
		colors: [0xff8fab, 0xffc6a5],
		placement: 'between',
		pose: 'still',
		close: true
	},
	pat: {
		name: 'pat',
		verb: 'pat',
		third: 'pats',
		past: 'patted',
		plural: 'Pats',
		description: "Pat a member's head.",
		emoji: '🫳',
		sparkles: ['✨', '💫'],
		colors: [0x8ec5fc, 0xe0c3fc],
		placement: 'over_target',
		pose: 'still',
		close: false
	},
	poke: {
		name: 'poke',
		verb: 'poke',
		third: 'pokes',
		past: 'poked',
		plural: 'Pokes',
		description: 'Poke a member.',
		emoji: '👉',
		sparkles: ['❗', '💢'],
		colors: [0xf6d365, 0xfda085],
		placement: 'between',
		pose: 'tilt',
		close: false
	},
	highfive: {
		name: 'highfive',
		verb: 'high-five',
		third: 'high-fives',
		past: 'high-fived',
		plural: 'High fives',
		description: 'High-five a member.',
		emoji: '🙌',
		sparkles: ['🎉', '⭐'],
		colors: [0x84fab0, 0x8fd3f4],
		placement: 'between',
		pose: 'still',
		close: true
	},
	boop: {
		name: 'boop',
		verb: 'boop',
		third: 'boops',
		past: 'booped',
		plural: 'Boops',
		description: "Boop a member's nose.",
		emoji: '👆',
		sparkles: ['💗', '✨'],
		colors: [0xfbc2eb, 0xa6c1ee],
		placement: 'between',
		pose: 'tilt',
		close: false
	},
	bonk: {
		name: 'bonk',
		verb: 'bonk',
		third: 'bonks',
		past: 'bonked',
		plural: 'Bonks',
		description: 'Bonk a member (gently).',
		emoji: '🔨',
		sparkles: ['💥', '💫'],
		colors: [0xa18cd1, 0xfbc2eb],
		placement: 'over_target',
		pose: 'squash',
		close: false
	}
};

export function isActionName(value: unknown): value is ActionName {
	return typeof value === 'string' && (ACTION_NAMES as readonly string[]).includes(value);
}
