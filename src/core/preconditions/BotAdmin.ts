import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction, ContextMenuCommandInteraction, Message } from 'discord.js';
import { TikaIdentifiers } from '#core/identifiers';

/**
 * Operator commands (plugins, stats details, ...): bot owners and the admins they named. A server's own
 * Administrator permission does not count; this bot may serve many servers and none of them owns it.
 */
export class BotAdminPrecondition extends Precondition {
	public override chatInputRun(interaction: ChatInputCommandInteraction) {
		return this.check(interaction.user.id);
	}

	public override contextMenuRun(interaction: ContextMenuCommandInteraction) {
		return this.check(interaction.user.id);
	}

	public override messageRun(message: Message) {
		return this.check(message.author.id);
	}

	private async check(userId: string) {
		return (await this.container.admins.isAdmin(userId))
			? this.ok()
			: this.error({ identifier: TikaIdentifiers.BotAdminOnly, message: 'Only bot admins can use this command.' });
	}
}

declare module '@sapphire/framework' {
	interface Preconditions {
		BotAdmin: never;
	}
}
