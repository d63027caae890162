import type { Message } from 'discord.js';

/** What a handler reports: `true` means "handled, stop routing"; anything else lets the next handler run. */
export type HandlerResult = boolean | void;

/** What the router tells a handler about the message it is looking at. */
export interface RouteContext {
	/** True when the message arrived through MESSAGE_UPDATE (only `edits` handlers see those). */
	readonly edited: boolean;
	/**
	 * True when the message starts with one of the client's prefixes or a mention of the bot, so that
	 * handlers such as XP or auto-reply can leave command invocations alone without re-parsing prefixes.
	 */
	readonly isCommand: boolean;
	/** Null in DMs. */
	readonly guildId: string | null;
	/** The plugin the running handler belongs to; null for handlers outside any plugin folder. */
	readonly plugin: string | null;
}

/**
 * Per-guild feature toggles as the router needs them. The feature manager (`container.features`) implements
 * this; it answers synchronously when the guild's state is cached, which keeps the hot path free of awaits.
 */
export interface FeatureGate {
	isEnabled(guildId: string, plugin: string): boolean | Promise<boolean>;
	/**
	 * Every installed plugin's state in the guild when it is at hand (cached), else undefined. The router reads it once
	 * per message instead of asking `isEnabled` per handler; a plugin missing from the map is asked about as before.
	 */
	statesNow?(guildId: string): ReadonlyMap<string, boolean> | undefined;
}

/** The fields of a message the router itself reads; the handlers get the full message. */
export interface RoutableMessage {
	readonly id: string;
	readonly guildId: string | null;
	readonly content: string | null;
	readonly author: { readonly bot: boolean } | null;
	readonly webhookId: string | null;
	readonly system: boolean | null;
	readonly partial: boolean;
}

/**
 * One handler as the router sees it: plain data plus a function, so the routing logic can be
 * exercised without Sapphire (the store turns each MessageHandler piece into one of these).
 */
export interface RouteEntry<M = Message> {
	readonly name: string;
	readonly plugin: string | null;
	readonly priority: number;
	readonly edits: boolean;
	readonly dms: boolean;
	run(message: M, context: RouteContext): HandlerResult | Promise<HandlerResult>;
}

export interface RouteOptions {
	edited: boolean;
	/** Whether the content starts with a prefix or a mention of the bot, when the caller already asked `router.isCommand`. */
	isCommand?: boolean;
}

/** One row of `router.stats()`; plain data so /stats can render or serialise it as it likes. Times are in milliseconds. */
export interface HandlerStatsSnapshot {
	name: string;
	plugin: string | null;
	priority: number;
	/** Times the handler ran (including the runs that threw). */
	calls: number;
	/** Times it returned `true` and so ended routing. */
	handled: number;
	errors: number;
	/** Times it was not run because its plugin was disabled in the message's guild. */
	skipped: number;
	totalMs: number;
	/** 0 before the first call. */
	meanMs: number;
	/** Over the most recent samples only (a bounded window); 0 before the first call. */
	/** Median of the recent timed calls (the window behind the p95). */
	p50Ms: number;
	p95Ms: number;
	/** How many samples the p95 was computed from. */
	samples: number;
}

export interface RouterLogger {
	error(...values: readonly unknown[]): void;
}
