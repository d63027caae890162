/** An error answered with Discord's JSON error shape `{ message, code, errors? }`. */
export class DiscordApiError extends Error {
	public constructor(
		public readonly status: number,
		public readonly code: number,
		message: string,
		public readonly errors?: unknown
	) {
		super(message);
	}

	public toJSON(): Record<string, unknown> {
		return this.errors === undefined
			? { message: this.message, code: this.code }
			: { message: this.message, code: this.code, errors: this.errors };
	}
}

// Discord's real JSON error codes, so bots' error handling branches can be exercised.
export const unknownGuild = () => new DiscordApiError(404, 10004, 'Unknown Guild');
export const unknownChannel = () => new DiscordApiError(404, 10003, 'Unknown Channel');
export const unknownMessage = () => new DiscordApiError(404, 10008, 'Unknown Message');
export const unknownMember = () => new DiscordApiError(404, 10007, 'Unknown Member');
export const unknownRole = () => new DiscordApiError(404, 10011, 'Unknown Role');
export const unknownUser = () => new DiscordApiError(404, 10013, 'Unknown User');
export const unknownBan = () => new DiscordApiError(404, 10026, 'Unknown Ban');
export const unknownWebhook = () => new DiscordApiError(404, 10015, 'Unknown Webhook');
export const unknownInteraction = () => new DiscordApiError(404, 10062, 'Unknown interaction');
export const unknownCommand = () => new DiscordApiError(404, 10063, 'Unknown application command');
export const alreadyAcknowledged = () => new DiscordApiError(400, 40060, 'Interaction has already been acknowledged.');
export const cannotMessageUser = () => new DiscordApiError(403, 50007, 'Cannot send messages to this user');
export const invalidForm = (errors?: unknown) => new DiscordApiError(400, 50035, 'Invalid Form Body', errors);
export const cannotEditOthersMessage = () => new DiscordApiError(403, 50005, 'Cannot edit a message authored by another user');
export const emptyMessage = () => new DiscordApiError(400, 50006, 'Cannot send an empty message');
export const unknownEmoji = () => new DiscordApiError(400, 10014, 'Unknown Emoji');
export const missingPermissions = () => new DiscordApiError(403, 50013, 'Missing Permissions');
export const missingAccess = () => new DiscordApiError(403, 50001, 'Missing Access');
export const maxReactions = () => new DiscordApiError(400, 30010, 'Maximum number of reactions reached (20)');
