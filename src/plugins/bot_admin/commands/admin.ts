import { ApplyOptions } from '@sapphire/decorators';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, type EmbedBuilder } from 'discord.js';
import { BotAdminError } from '#core/admins/BotAdmins';
import { SmartEmbed } from '#shared/ui/embeds';
import { adminListText } from '../lib/admins';

type Interaction = Subcommand.ChatInputCommandInteraction;

/**
 * `/admin add|remove|list`: bot owners (BOT_OWNERS) name the people who may operate Tika with them. Owners only,
 * whatever the server: a guild owner runs their server, not the bot. The rules (owners cannot be removed, no
 * duplicates) live in the admin service; this class parses and renders. Replies are private: it is staff business.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Manage who may operate Tika (bot owners only).',
	preconditions: ['BotOwner'],
	subcommands: [
		{ name: 'add', chatInputRun: 'chatInputAdd' },
		{ name: 'remove', chatInputRun: 'chatInputRemove' },
		{ name: 'list', chatInputRun: 'chatInputList' }
	]
})
export class AdminCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
				.addSubcommand((subcommand) =>
					subcommand
						.setName('add')
						.setDescription('Make someone a bot admin')
						.addUserOption((option) => option.setName('user').setDescription('Who to trust').setRequired(true))
				)
				.addSubcommand((subcommand) =>
					subcommand
						.setName('remove')
						.setDescription('Take bot admin away from someone')
						.addUserOption((option) => option.setName('user').setDescription('Who to demote').setRequired(true))
				)
				.addSubcommand((subcommand) => subcommand.setName('list').setDescription('Bot owners and bot admins'))
		);
	}

	public async chatInputAdd(interaction: Interaction) {
		const user = interaction.options.getUser('user', true);
		// Bots cannot run slash commands, so an admin bot would only be a hole waiting for a future feature to trust it.
		if (user.bot)
			return this.reply(
				interaction,
				SmartEmbed.error('Bots cannot be bot admins', `${user} is a bot account.`, { category: 'user_fault', userId: interaction.user.id })
			);
		return this.change(interaction, async () => {
			await this.container.admins.add(user.id, interaction.user.id);
			this.container.logger.info(`[admin] ${interaction.user.id} made ${user.id} a bot admin`);
			return SmartEmbed.success('Bot admin added', `${user} can now use the operator commands (\`/plugins\`, ...).`);
		});
	}

	public async chatInputRemove(interaction: Interaction) {
		const user = interaction.options.getUser('user', true);
		return this.change(interaction, async () => {
			await this.container.admins.remove(user.id, interaction.user.id);
			this.container.logger.info(`[admin] ${interaction.user.id} removed ${user.id} from the bot admins`);
			return SmartEmbed.success('Bot admin removed', `${user} is no longer a bot admin.`);
		});
	}

	public async chatInputList(interaction: Interaction) {
		const list = await this.container.admins.list();
		return this.reply(interaction, SmartEmbed.info('Bot owners and admins', adminListText(list)));
	}

	private async change(interaction: Interaction, action: () => Promise<EmbedBuilder>) {
		try {
			return await this.reply(interaction, await action());
		} catch (error) {
			// Rule violations are the user's to fix and get a plain answer; anything else goes to the error listeners.
			if (!(error instanceof BotAdminError)) throw error;
			return this.reply(interaction, SmartEmbed.error(error.message, null, { category: 'user_fault', userId: interaction.user.id }));
		}
	}

	private reply(interaction: Interaction, embed: EmbedBuilder) {
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
