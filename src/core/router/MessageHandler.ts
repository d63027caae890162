import { Piece } from '@sapphire/framework';
import type { Message } from 'discord.js';
import type { HandlerResult, RouteContext } from './types';

export interface MessageHandlerOptions extends Piece.Options {
	/** Lower runs first; default 50. Filters that may swallow a message want a low number, passive observers (XP) a high one. */
	readonly priority?: number;
	/** Also run on MESSAGE_UPDATE when the text changed (the word filter re-checking an edit). Default false. */
	readonly edits?: boolean;
	/** Also run for direct messages. Default false: most features are about a guild. */
	readonly dms?: boolean;
}

export interface MessageHandlerJSON extends Piece.JSON {
	priority: number;
	edits: boolean;
	dms: boolean;
}

export const DEFAULT_MESSAGE_HANDLER_PRIORITY = 50;

/**
 * A piece the core router calls for messages, loaded from a plugin's `message-handlers/` folder.
 * Return `true` when the message was handled and no later handler should see it.
 *
 * The router, not the handler, checks the feature toggle, skips bots, webhooks and system messages, and
 * keeps the timings: a handler only decides what to do with a message it is given.
 */
export abstract class MessageHandler<Options extends MessageHandler.Options = MessageHandler.Options> extends Piece<Options, 'message-handlers'> {
	public readonly priority: number;
	public readonly edits: boolean;
	public readonly dms: boolean;

	public constructor(context: MessageHandler.LoaderContext, options: Options = {} as Options) {
		super(context, options);
		const priority = options.priority ?? DEFAULT_MESSAGE_HANDLER_PRIORITY;
		// Fail the load with the handler's name rather than letting NaN scramble the routing order.
		if (!Number.isFinite(priority))
			throw new TypeError(`Message handler "${this.name}" has priority ${String(priority)}; expected a finite number`);
		this.priority = priority;
		this.edits = options.edits ?? false;
		this.dms = options.dms ?? false;
	}

	public abstract run(message: Message, context: RouteContext): HandlerResult | Promise<HandlerResult>;

	public override toJSON(): MessageHandlerJSON {
		return { ...super.toJSON(), priority: this.priority, edits: this.edits, dms: this.dms };
	}
}

// Types only (erased at compile time): gives handlers the `MessageHandler.Options` spelling every Sapphire piece uses.
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace MessageHandler {
	export type Options = MessageHandlerOptions;
	export type JSON = MessageHandlerJSON;
	export type LoaderContext = Piece.LoaderContext<'message-handlers'>;
	export type Context = RouteContext;
	export type Result = HandlerResult;
}
