import type { MessageMentionOptions } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import plugin from '../plugin';

/** The plugin's lines (personality.yml beside plugin.ts). */
export const voice = pluginVoice(plugin);

/** Nobody is pinged: jokes and refusals. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [], repliedUser: false }) as MessageMentionOptions;

/** Only `userId` may be pinged: never the actor, another member, a role or @everyone, whatever the names contain. */
export function onlyPing(userId: string): MessageMentionOptions {
	return { parse: [], users: [userId], repliedUser: false };
}
