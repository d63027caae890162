/** A message pointed at by an admin: a link copied from Discord (any client), or a bare id (then: this channel). */
export interface MessagePointer {
	guildId: string | null;
	channelId: string | null;
	messageId: string;
}

const LINK = /^<?https?:\/\/(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/channels\/(\d{17,20}|@me)\/(\d{17,20})\/(\d{17,20})\/?>?$/i;
const ID = /^\d{17,20}$/;

export function parseMessagePointer(input: string): MessagePointer | null {
	const text = input.trim();
	const link = LINK.exec(text);
	if (link) return { guildId: link[1] === '@me' ? null : link[1]!, channelId: link[2]!, messageId: link[3]! };
	if (ID.test(text)) return { guildId: null, channelId: null, messageId: text };
	return null;
}
