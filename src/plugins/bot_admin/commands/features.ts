import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, type EmbedBuilder, type SlashCommandSubcommandBuilder } from 'discord.js';
import { FeatureDependencyError, FeatureDependentsError, FeatureError, FeatureLockedError, UnknownFeatureError } from '#core/features/errors';
import type { FeatureChange } from '#core/features/FeatureManager';
import { SmartEmbed } from '#shared/ui/embeds';
import { paginate } from '#shared/ui/paginator';
import { autocompleteChoices, describeChange, featureLine, FEATURES_PER_PAGE } from '../lib/features';

type Interaction = Subcommand.ChatInputCommandInteraction;

/**
 * `/features`: a server's admins turn Tika's features (plugins) on and off for their server.
 *
 * Manage Server is required twice on purpose: `setDefaultMemberPermissions` hides the command from everyone else in
 * Discord's UI, and `requiredUserPermissions` enforces it here, since a server can override who sees a command.
 * The feature rules (lockout guard, dependencies, defaults) live in the feature manager; this class only parses and
 * renders. Every reply is private: these are admin chores, and the database keeps who changed what.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Turn Tika features on or off in this server.',
	requiredUserPermissions: [PermissionFlagsBits.ManageGuild],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'toggle', chatInputRun: 'chatInputToggle' },
		{ name: 'enable', chatInputRun: 'chatInputEnable' },
		{ name: 'disable', chatInputRun: 'chatInputDisable' },
		{ name: 'reset', chatInputRun: 'chatInputReset' }
	]
})
export class FeaturesCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		const withFeature = (subcommand: SlashCommandSubcommandBuilder, name: string, description: string) =>
			subcommand
				.setName(name)
				.setDescription(description)
				.addStringOption((option) => option.setName('feature').setDescription('The feature').setRequired(true).setAutocomplete(true));
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((subcommand) => subcommand.setName('list').setDescription('Every feature, whether it is on here, and why'))
				.addSubcommand((subcommand) => withFeature(subcommand, 'toggle', 'Switch a feature on if it is off, off if it is on'))
				.addSubcommand((subcommand) => withFeature(subcommand, 'enable', 'Turn a feature on in this server'))
				.addSubcommand((subcommand) => withFeature(subcommand, 'disable', 'Turn a feature off in this server'))
				.addSubcommand((subcommand) => withFeature(subcommand, 'reset', 'Make a feature follow the default again'))
		);
	}

	public async chatInputList(interaction: Interaction) {
		const features = await this.container.features.list(interaction.guildId!);
		const on = features.filter((feature) => feature.enabled).length;
		const intro = `${on} of ${features.length} on. Change one with \`/features toggle <feature>\`; \`/features reset <feature>\` follows the default again.`;
		await paginate(
			interaction,
			{
				items: features,
				perPage: FEATURES_PER_PAGE,
				render: (items) =>
					SmartEmbed.info(`Features in ${interaction.guild?.name ?? 'this server'}`, [intro, ...items.map(featureLine)].join('\n\n'))
			},
			{ ephemeral: true }
		);
	}

	public chatInputToggle(interaction: Interaction) {
		return this.change(interaction, 'set', (guildId, feature, actorId) => this.container.features.toggle(guildId, feature, actorId));
	}

	public chatInputEnable(interaction: Interaction) {
		return this.change(interaction, 'set', (guildId, feature, actorId) => this.container.features.set(guildId, feature, true, actorId));
	}

	public chatInputDisable(interaction: Interaction) {
		return this.change(interaction, 'set', (guildId, feature, actorId) => this.container.features.set(guildId, feature, false, actorId));
	}

	public chatInputReset(interaction: Interaction) {
		return this.change(interaction, 'reset', (guildId, feature, actorId) => this.container.features.reset(guildId, feature, actorId));
	}

	public override async autocompleteRun(interaction: Subcommand.AutocompleteInteraction) {
		const typed = String(interaction.options.getFocused());
		if (!interaction.guildId) return interaction.respond([]);
		const features = await this.container.features.list(interaction.guildId);
		return interaction.respond(autocompleteChoices(features, typed));
	}

	private async change(
		interaction: Interaction,
		action: 'set' | 'reset',
		run: (guildId: string, feature: string, actorId: string) => Promise<FeatureChange>
	): Promise<void> {
		const typed = interaction.options.getString('feature', true);
		let change: FeatureChange;
		try {
			change = await run(interaction.guildId!, typed, interaction.user.id);
		} catch (error) {
			if (!(error instanceof FeatureError)) throw error;
			await interaction.reply({ embeds: [this.refusal(error, interaction.user.id)], flags: MessageFlags.Ephemeral });
			return;
		}

		const subcommand = interaction.options.getSubcommand();
		this.container.logger.info(
			`[features] ${interaction.user.id} ran /features ${subcommand} ${change.feature} in guild ${interaction.guildId}: ` +
				`${change.previous ? 'on' : 'off'} → ${change.enabled ? 'on' : 'off'} (${change.source})`
		);
		const summary = describeChange(change, action);
		const embeds: EmbedBuilder[] = [
			summary.unchanged ? SmartEmbed.info(summary.title, summary.description) : SmartEmbed.success(summary.title, summary.description)
		];
		if (change.setup)
			embeds.push(SmartEmbed.warning('Setup needed', `**${change.feature}** is on, but it will not work until this is done: ${change.setup}`));
		await interaction.reply({ embeds, flags: MessageFlags.Ephemeral });
	}

	/** The refusal, in character; the facts (which feature, what is in the way, what to do) always stay in the description. */
	private refusal(error: FeatureError, userId: string): EmbedBuilder {
		const options = { userId, category: 'user_fault', vars: { feature: error.feature } } as const;
		if (error instanceof UnknownFeatureError) {
			const hint =
				error.suggestions.length > 0
					? `Did you mean ${error.suggestions.map((name) => `\`${name}\``).join(', ')}? \`/features list\` shows them all.`
					: '`/features list` shows every feature.';
			// What the user typed is echoed back inside code marks, so their own backticks must not end them early.
			const typed = error.feature.replace(/`/g, "'").slice(0, 64);
			return SmartEmbed.error(`There is no feature called \`${typed}\`.`, `Nothing was changed. ${hint}`, options);
		}
		if (error instanceof FeatureLockedError) return SmartEmbed.error(`${error.feature} can't be switched off.`, error.message, options);
		if (error instanceof FeatureDependencyError) return SmartEmbed.error(`${error.feature} needs ${error.dependency}.`, error.message, options);
		if (error instanceof FeatureDependentsError) {
			return SmartEmbed.error(`Other features need ${error.feature}.`, error.message, options);
		}
		return SmartEmbed.error(`Could not change ${error.feature}.`, error.message, options);
	}
}
