import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction, ContextMenuCommandInteraction, Message } from 'discord.js';
import { TikaIdentifiers } from '#core/identifiers';

/** Commands that hand out power (/admin): only BOT_OWNERS, never a bot admin, never a server owner. */
export class BotOwnerPrecondition extends Precondition {
	public override chatInputRun(interaction: ChatInputCommandInteraction) {
		return this.check(interaction.user.id);
	}

	public override contextMenuRun(interaction: ContextMenuCommandInteraction) {
		return this.check(interaction.user.id);
	}

	public override messageRun(message: Message) {
		return this.check(message.author.id);
	}

	private check(userId: string) {
		return this.container.admins.isOwner(userId)
			? this.ok()
			: this.error({ identifier: TikaIdentifiers.BotOwnerOnly, message: 'Only bot owners can use this command.' });
	}
}

declare module '@sapphire/framework' {
	interface Preconditions {
		BotOwner: never;
	}
}
