/**
 * Identifiers of Tika's own precondition failures. Preconditions only decide; the command-denied
 * listeners (src/core/listeners/commands/) turn each identifier into an in-character reply.
 */
export const TikaIdentifiers = {
	/** The command's plugin is disabled in this guild. Context: `{ feature: string }`. */
	FeatureDisabled: 'tikaFeatureDisabled',
	/** The plugin is enabled but the guild has not given configuration it needs. Context: `{ feature: string, reason: string }`. */
	FeatureNeedsSetup: 'tikaFeatureNeedsSetup',
	/** Only bot admins (or owners) may run this. */
	BotAdminOnly: 'tikaBotAdminOnly',
	/** Only BOT_OWNERS may run this. */
	BotOwnerOnly: 'tikaBotOwnerOnly'
} as const;

export type TikaIdentifier = (typeof TikaIdentifiers)[keyof typeof TikaIdentifiers];
