import { ApplyOptions } from '@sapphire/decorators';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, type AutocompleteInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { PluginControlError, type PluginReport } from '#core/plugins/PluginController';
import { SmartEmbed, tikaEmbed } from '#shared/ui/embeds';
import { paginate } from '#shared/ui/paginator';
import { describeReport, pluginChoices, pluginLine, PLUGINS_PER_PAGE, pluginsIntro } from '../lib/plugins';

type Interaction = Subcommand.ChatInputCommandInteraction;

/**
 * `/plugins list|reload|enable|disable`: bot admins manage the plugins of this Tika instance, for every server at
 * once (a server's own on/off switch is `/features`). The work happens in the core's plugin controller; this class
 * parses, renders the report in Red's loaded / failed / not found shape, and keeps replies private.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Reload, enable or disable Tika plugins everywhere (bot admins only).',
	preconditions: ['BotAdmin'],
	subcommands: [
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'reload', chatInputRun: 'chatInputReload' },
		{ name: 'enable', chatInputRun: 'chatInputEnable' },
		{ name: 'disable', chatInputRun: 'chatInputDisable' }
	]
})
export class PluginsCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		const withPlugin = (subcommand: SlashCommandSubcommandBuilder, name: string, description: string) =>
			subcommand
				.setName(name)
				.setDescription(description)
				.addStringOption((option) => option.setName('plugin').setDescription('The plugin').setRequired(true).setAutocomplete(true));
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
				.addSubcommand((subcommand) => subcommand.setName('list').setDescription('Every plugin: version, state, pieces, load errors'))
				.addSubcommand((subcommand) => withPlugin(subcommand, 'reload', 'Read a plugin from disk again, new files included'))
				.addSubcommand((subcommand) => withPlugin(subcommand, 'enable', 'Load a disabled plugin again, everywhere'))
				.addSubcommand((subcommand) => withPlugin(subcommand, 'disable', 'Unload a plugin everywhere, until enabled again'))
		);
	}

	public override async autocompleteRun(interaction: AutocompleteInteraction) {
		const typed = interaction.options.getFocused();
		// Autocomplete skips preconditions, but plugin names are no secret: /help shows them too.
		return interaction.respond(pluginChoices(this.container.pluginController.list(), typed));
	}

	public async chatInputList(interaction: Interaction) {
		const plugins = this.container.pluginController.list();
		const intro = pluginsIntro(plugins);
		await paginate(
			interaction,
			{
				items: plugins,
				perPage: PLUGINS_PER_PAGE,
				render: (items) => SmartEmbed.info('Plugins', [intro, ...items.map(pluginLine)].join('\n\n'))
			},
			{ ephemeral: true }
		);
	}

	public chatInputReload(interaction: Interaction) {
		return this.operate(interaction, (name) => this.container.pluginController.reload(name));
	}

	public chatInputEnable(interaction: Interaction) {
		return this.operate(interaction, (name) => this.container.pluginController.enable(name));
	}

	public chatInputDisable(interaction: Interaction) {
		return this.operate(interaction, (name) => this.container.pluginController.disable(name));
	}

	private async operate(interaction: Interaction, run: (name: string) => Promise<PluginReport>) {
		const name = interaction.options.getString('plugin', true).trim().toLowerCase();
		// Loading pieces and re-registering commands can outlast Discord's 3-second window.
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		let report: PluginReport;
		try {
			report = await run(name);
		} catch (error) {
			if (!(error instanceof PluginControlError)) throw error;
			return interaction.editReply({
				embeds: [SmartEmbed.error(error.message, null, { category: 'user_fault', userId: interaction.user.id })]
			});
		}
		this.container.logger.info(
			`[plugins] ${interaction.user.id} ran ${report.action} ${report.plugin}: loaded ${report.loaded.length}, unloaded ${report.unloaded.length}, ` +
				`failed ${report.failed.length}, not found ${report.notFound.length}, commands ${report.commands}`
		);
		const view = describeReport(report);
		const embed = tikaEmbed(view.tone)
			.setTitle(`${view.tone === 'success' ? '✅' : view.tone === 'warning' ? '⚠️' : '❌'} ${view.title}`)
			.setDescription(view.footnote)
			.addFields(view.fields);
		return interaction.editReply({ embeds: [embed] });
	}
}
