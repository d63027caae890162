import { Command, CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { ApplicationCommandType, InteractionContextType } from 'discord.js';
import { ACTIONS, type ActionName } from './actions';
import { performAction } from './perform';

/**
 * The command class of one action: `/hug <member>` and, for the common actions, the user context menu ("Hug" under
 * Apps when right-clicking a member). Each commands/<action>.ts is one line extending this, so every action behaves
 * the same and the piece name is the action's name.
 */
export function socialActionCommand(action: ActionName, menu?: string) {
	const spec = ACTIONS[action];
	return class SocialActionCommand extends Command {
		public constructor(context: Command.LoaderContext, options: Command.Options = {}) {
			super(context, {
				...options,
				name: action,
				description: spec.description,
				runIn: [CommandOptionsRunTypeEnum.GuildAny],
				requiredClientPermissions: ['AttachFiles', 'EmbedLinks']
			});
		}

		public override registerApplicationCommands(registry: Command.Registry) {
			registry.registerChatInputCommand((builder) =>
				builder
					.setName(action)
					.setDescription(spec.description)
					.setContexts(InteractionContextType.Guild)
					.addUserOption((option) => option.setName('member').setDescription(`Who to ${spec.verb}`).setRequired(true))
			);
			if (menu) {
				registry.registerContextMenuCommand((builder) =>
					builder.setName(menu).setType(ApplicationCommandType.User).setContexts(InteractionContextType.Guild)
				);
			}
		}

		public override chatInputRun(interaction: Command.ChatInputCommandInteraction) {
			return performAction(interaction, action, interaction.options.getUser('member', true), interaction.options.getMember('member'));
		}

		public override contextMenuRun(interaction: Command.ContextMenuCommandInteraction) {
			if (!interaction.isUserContextMenuCommand()) return;
			return performAction(interaction, action, interaction.targetUser, interaction.targetMember);
		}
	};
}
