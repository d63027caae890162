import { ApplyOptions } from '@sapphire/decorators';
import { Command, container, type Args } from '@sapphire/framework';
import { EmbedBuilder, MessageFlags, type Message } from 'discord.js';
import { Colors } from '#shared/ui/colors';
import { buildHelpSections, chunkLines, type HelpEntry } from '../lib/help';

@ApplyOptions<Command.Options>({
	description: 'List what Tika can do, grouped by plugin, or explain one command.'
})
export class HelpCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.addStringOption((option) =>
					option.setName('command').setDescription('A command to explain').setRequired(false).setAutocomplete(true)
				)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const query = interaction.options.getString('command');
		const embed = query ? this.describeOne(query) : this.overview();
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	public override async messageRun(message: Message, args: Args) {
		const query = await args.pick('string').catch(() => null);
		return message.reply({ embeds: [query ? this.describeOne(query) : this.overview()] });
	}

	public override async autocompleteRun(interaction: Command.AutocompleteInteraction) {
		const typed = interaction.options.getFocused().toLowerCase();
		const names = helpEntries()
			.map((entry) => entry.name)
			.filter((name) => name.includes(typed))
			.sort()
			.slice(0, 25);
		return interaction.respond(names.map((name) => ({ name, value: name })));
	}

	private overview(): EmbedBuilder {
		const { name, description } = container.config.bot;
		const order = container.plugins.list().map((plugin) => plugin.manifest.name);
		const embed = new EmbedBuilder()
			.setColor(Colors.brand)
			.setTitle(`${name} — help`)
			.setDescription(`${description}\nPrefix commands work too: \`${container.config.bot.commandPrefix[0] ?? '!'}ping\`, or mention me.`);
		for (const section of buildHelpSections(helpEntries(), order)) {
			chunkLines(section.lines).forEach((value, index) =>
				embed.addFields({
					name: index === 0 ? `${section.plugin} — ${section.description}`.slice(0, 256) : `${section.plugin} (cont.)`,
					value
				})
			);
		}
		return embed.setFooter({ text: 'Use /help <command> for details.' });
	}

	private describeOne(query: string): EmbedBuilder {
		const entry = helpEntries().find((candidate) => candidate.name === query.toLowerCase().replace(/^\//, ''));
		if (!entry) {
			return new EmbedBuilder()
				.setColor(Colors.error)
				.setTitle('No such command')
				.setDescription(`I don't have a command called \`${query}\`. Try \`/help\`.`);
		}
		const prefix = container.config.bot.commandPrefix[0] ?? '!';
		return new EmbedBuilder()
			.setColor(Colors.info)
			.setTitle(`/${entry.name}`)
			.setDescription(entry.description)
			.addFields(
				{ name: 'Plugin', value: `${entry.plugin} — ${entry.pluginDescription}` },
				{ name: 'Forms', value: entry.prefix ? `\`/${entry.name}\` or \`${prefix}${entry.name}\`` : `\`/${entry.name}\`` }
			);
	}
}

/** Every loaded command that belongs to a plugin, as plain data. */
function helpEntries(): HelpEntry[] {
	const entries: HelpEntry[] = [];
	for (const command of container.stores.get('commands').values()) {
		const plugin = container.plugins.pluginOf(command);
		if (!plugin) continue;
		entries.push({
			name: command.name,
			description: command.description || 'No description.',
			plugin: plugin.manifest.name,
			pluginDescription: plugin.manifest.description,
			prefix: typeof (command as Command & { messageRun?: unknown }).messageRun === 'function'
		});
	}
	return entries;
}
