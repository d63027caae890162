import { ApplyOptions } from '@sapphire/decorators';
import { Listener, UserError, type Args } from '@sapphire/framework';
import { SubcommandPluginEvents, type MessageSubcommandNoMatchContext } from '@sapphire/plugin-subcommands';
import type { Message } from 'discord.js';
import { answerCommandError, commandSubject } from '#core/replies/respond';

/** `!tika settings` with no (or an unknown) subcommand: the user typed it wrong, so say which subcommands exist. */
@ApplyOptions<Listener.Options>({ event: SubcommandPluginEvents.MessageSubcommandNoMatch })
export class MessageSubcommandNoMatchListener extends Listener<typeof SubcommandPluginEvents.MessageSubcommandNoMatch> {
	public override run(message: Message, _args: Args, context: MessageSubcommandNoMatchContext) {
		const { command } = context;
		const names = command.parsedSubcommandMappings.map((mapping) => mapping.name).join(', ');
		const error = new UserError({ identifier: context.identifier, message: `\`${command.name}\` needs one of: ${names}.` });
		return answerCommandError(error, message, commandSubject(command.name, 'message', message));
	}
}
