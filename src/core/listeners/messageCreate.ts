import { ApplyOptions } from '@sapphire/decorators';
import { Events, type Listener } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { SyncListener } from '#core/router/SyncListener';

/**
 * Every new message goes through the router (which drops bots, webhooks and system messages itself), and only a message
 * that can be a prefix command goes on to Sapphire's prefix parser.
 *
 * It is named after Sapphire's own `CoreMessageCreate` listener so that it replaces it: pieces read from folders are
 * inserted after Sapphire's built-in ones, and a piece takes the place of an earlier piece with its name. Sapphire's
 * version hands every message that is not from a bot to its parser, which awaits the bot's member and works out its
 * permissions in the channel before it even looks at the prefix: for ordinary chat, that was a fifth of what the
 * router with every plugin on costs per message (bench:router, CPU profile). Here the parser only sees messages that
 * start with a prefix or a mention (`<@`: of the bot, or of its role, which the parser resolves), and every message
 * when a regular-expression prefix or a prefix function is configured, since those cannot be tested here.
 * Consequence: Sapphire's `NonPrefixedMessage` event fires only for mentions that turn out not to be for Tika; plugins
 * read ordinary messages through message handlers (docs/plugins.md). It is a SyncListener: a message the router answers
 * synchronously costs no promise here either.
 */
@ApplyOptions<Listener.Options>({ name: 'CoreMessageCreate', event: Events.MessageCreate })
export class MessageCreateListener extends SyncListener<typeof Events.MessageCreate> {
	public override run(message: Message) {
		const { client, router } = this.container;
		const { content } = message;
		const isCommand = router.isCommand(content);
		if (!message.author.bot && !message.webhookId && (isCommand || content.startsWith('<@') || mayBeAnything(client.options))) {
			client.emit(Events.PreMessageParsed, message);
		}
		return router.route(message, { edited: false, isCommand });
	}
}

/** A prefix that only Sapphire's parser can test: every message may be a command. */
function mayBeAnything(options: Message['client']['options']): boolean {
	return options.regexPrefix !== undefined || options.fetchPrefix !== undefined;
}
