/**
 * What the playground's page server (server.ts) and its page (web/) say to each other: the world snapshot and the
 * events of the stream. Types only, shared by both sides (the page is type-checked with DOM types, the server without).
 */
import type { APIMessage, APIUser } from 'discord-api-types/v10';

/** A message as the page shows it: the stored API message plus who reacted with what (`name:id` or the unicode emoji). */
export type PageMessage = APIMessage & { reactors?: Record<string, string[]> };

export interface PageGuild {
	id: string;
	name: string;
	ownerId: string;
	channels: { id: string; name: string; nsfw: boolean; topic: string | null }[];
	roles: { id: string; name: string; color: number; position: number; managed: boolean; permissions: string }[];
	members: { userId: string; roles: string[]; nick: string | null; premiumSince: string | null }[];
}

export interface ModalData {
	custom_id: string;
	title: string;
	components: Record<string, unknown>[];
}

export interface Persona {
	persona: string;
	user: APIUser;
}

/** GET /api/state */
export interface Snapshot {
	bot: APIUser;
	personas: Persona[];
	guilds: PageGuild[];
	messages: PageMessage[];
}

/** One frame of GET /api/events (server-sent events). */
export type PageEvent =
	| { type: 'message'; message: PageMessage }
	| { type: 'delete'; id: string; channelId: string }
	| { type: 'guild'; guild: PageGuild }
	| { type: 'modal'; userId: string; channelId: string; messageId: string | null; modal: ModalData };
