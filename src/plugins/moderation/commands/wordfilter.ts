import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { getPersonality } from '#shared/personality/default';
import { matchingChoices } from '#shared/ui/autocomplete';
import { code } from '#shared/ui/format';
import { paginate, SmartEmbed, type TikaEmbed } from '#shared/ui/index';
import { SETTING_CHANNEL_TYPES } from '#shared/utils/channels';
import { explainText } from '../lib/filter/explain';
import { addRule, getFilterSettings, listRules, loadState, removeRules, updateFilterSettings } from '../lib/filter/service';
import {
	describeAction,
	FILTER_ACTIONS,
	formatWindow,
	MAX_EXEMPTIONS,
	MAX_STRIKES,
	MAX_WINDOW_MS,
	MIN_STRIKES,
	MIN_WINDOW_MS,
	parseWindow,
	type FilterAction,
	type FilterSettings
} from '../lib/filter/settings';
import { isMatchKind, MATCH_KINDS, MAX_PATTERN_LENGTH, type MatchKind } from '../lib/filter/validate';

type Interaction = Subcommand.ChatInputCommandInteraction;

const RULES_PER_PAGE = 15;
const KIND_HELP: Record<MatchKind, string> = {
	word: 'word: the whole word only ("ass" does not block "class")',
	contains: 'contains: anywhere, even inside other words',
	wildcard: 'wildcard: a word with * (any letters) and ? (one letter)',
	regex: 'regex: a regular expression on the normalised text'
};

/**
 * `/wordfilter`: blocked words of a server and what happens on a hit. Every subcommand needs Manage Server (the filter
 * decides whose messages disappear and may detain people), enforced twice as for /settings: the default member
 * permission hides the command, `requiredUserPermissions` refuses it when a server shows it to others. Replies are
 * ephemeral: they quote the blocked words.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Block words and phrases in this server.',
	requiredUserPermissions: [PermissionFlagsBits.ManageGuild],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'add', chatInputRun: 'chatInputAdd' },
		{ name: 'remove', chatInputRun: 'chatInputRemove' },
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'test', chatInputRun: 'chatInputTest' },
		{ name: 'action', chatInputRun: 'chatInputAction' },
		{
			name: 'exempt',
			type: 'group',
			entries: [
				{ name: 'add', chatInputRun: 'chatInputExemptAdd' },
				{ name: 'remove', chatInputRun: 'chatInputExemptRemove' },
				{ name: 'moderators', chatInputRun: 'chatInputExemptModerators' }
			]
		}
	]
})
export class WordFilterCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('add')
						.setDescription('Block a word, phrase, wildcard or regex')
						.addStringOption((option) =>
							option.setName('pattern').setDescription('What to block').setRequired(true).setMaxLength(MAX_PATTERN_LENGTH)
						)
						.addStringOption((option) =>
							option
								.setName('match')
								.setDescription('How to match it (default: word)')
								.addChoices(MATCH_KINDS.map((kind) => ({ name: KIND_HELP[kind], value: kind })))
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('remove')
						.setDescription('Unblock a pattern')
						.addStringOption((option) =>
							option
								.setName('pattern')
								.setDescription('The pattern to unblock')
								.setRequired(true)
								.setAutocomplete(true)
								.setMaxLength(MAX_PATTERN_LENGTH)
						)
				)
				.addSubcommand((sub) => sub.setName('list').setDescription('Show the blocked patterns and the filter settings'))
				.addSubcommand((sub) =>
					sub
						.setName('test')
						.setDescription('Check what the filter would do with a text, and why')
						.addStringOption((option) => option.setName('text').setDescription('The text to check').setRequired(true).setMaxLength(2000))
				)
				.addSubcommand((sub) =>
					sub
						.setName('action')
						.setDescription('What happens when a message hits the filter')
						.addStringOption((option) =>
							option
								.setName('action')
								.setDescription('delete, delete+warn, or delete+detain after N strikes within T')
								.setRequired(true)
								.addChoices(FILTER_ACTIONS.map((action) => ({ name: action, value: action })))
						)
						.addIntegerOption((option) =>
							option
								.setName('strikes')
								.setDescription(`delete+detain: strikes before detention (default 3)`)
								.setMinValue(MIN_STRIKES)
								.setMaxValue(MAX_STRIKES)
						)
						.addStringOption((option) =>
							option
								.setName('window')
								.setDescription('delete+detain: only strikes this recent count, e.g. 30m, 12h, 7d (default 1d)')
								.setMaxLength(20)
						)
				)
				.addSubcommandGroup((group) =>
					group
						.setName('exempt')
						.setDescription('Roles and channels the filter leaves alone')
						.addSubcommand((sub) =>
							sub
								.setName('add')
								.setDescription('Exempt a role and/or a channel')
								.addRoleOption((option) => option.setName('role').setDescription('Role whose members are not filtered'))
								.addChannelOption((option) =>
									option
										.setName('channel')
										.setDescription('Channel (or category) that is not filtered')
										.addChannelTypes(...SETTING_CHANNEL_TYPES)
								)
						)
						.addSubcommand((sub) =>
							sub
								.setName('remove')
								.setDescription('Filter a role and/or a channel again')
								.addRoleOption((option) => option.setName('role').setDescription('Role to filter again'))
								.addChannelOption((option) =>
									option
										.setName('channel')
										.setDescription('Channel to filter again')
										.addChannelTypes(...SETTING_CHANNEL_TYPES)
								)
						)
						.addSubcommand((sub) =>
							sub
								.setName('moderators')
								.setDescription('Whether members with Manage Messages are exempt (default: yes)')
								.addBooleanOption((option) =>
									option.setName('exempt').setDescription('True: moderators are not filtered').setRequired(true)
								)
						)
				)
		);
	}

	public async chatInputAdd(interaction: Interaction) {
		const pattern = interaction.options.getString('pattern', true);
		const kindOption = interaction.options.getString('match') ?? 'word';
		const kind: MatchKind = isMatchKind(kindOption) ? kindOption : 'word';
		const result = await addRule(interaction.guildId!, pattern, kind, interaction.user.id);
		if (!result.ok) return this.refuse(interaction, 'That pattern was not added', result.reason);
		this.container.logger.info(`[wordfilter] ${interaction.user.id} added ${kind} rule #${result.rule.id} in guild ${interaction.guildId}`);
		const lines = [`${code(result.rule.pattern)} is now blocked as a **${kind}** rule (#${result.rule.id}).`, KIND_HELP[kind] + '.'];
		const warning = this.missingPermissionWarning(interaction);
		if (warning) lines.push('', warning);
		return this.reply(interaction, SmartEmbed.success('Pattern blocked', lines.join('\n')));
	}

	public async chatInputRemove(interaction: Interaction) {
		const input = interaction.options.getString('pattern', true);
		const removed = await removeRules(interaction.guildId!, input);
		if (removed.length === 0)
			return this.refuse(interaction, 'Nothing was removed', `No rule has the pattern ${code(input)}. \`/wordfilter list\` shows them all.`);
		this.container.logger.info(
			`[wordfilter] ${interaction.user.id} removed rule(s) ${removed.map((rule) => `#${rule.id}`).join(', ')} in guild ${interaction.guildId}`
		);
		return this.reply(
			interaction,
			SmartEmbed.success('Pattern unblocked', removed.map((rule) => `#${rule.id} **${rule.match}** ${code(rule.pattern)} removed.`).join('\n'))
		);
	}

	public async chatInputList(interaction: Interaction) {
		const guildId = interaction.guildId!;
		const [rules, settings] = await Promise.all([listRules(guildId), getFilterSettings(guildId)]);
		const header = settingsSummary(settings);
		await paginate(
			interaction,
			{
				items: rules,
				perPage: RULES_PER_PAGE,
				render: (items, page) =>
					SmartEmbed.info(
						`Word filter: ${rules.length} rule${rules.length === 1 ? '' : 's'}`,
						[
							header,
							'',
							items.length === 0
								? 'No blocked patterns yet. Add one with `/wordfilter add`.'
								: items.map((rule) => `#${rule.id} **${rule.match}** ${code(rule.pattern, 100)}`).join('\n'),
							page.count > 1 ? `\nPage ${page.index + 1}/${page.count}` : ''
						].join('\n')
					)
			},
			{ ephemeral: true }
		);
	}

	public async chatInputTest(interaction: Interaction) {
		const text = interaction.options.getString('text', true);
		const state = await loadState(interaction.guildId!);
		if (state.filter.size === 0)
			return this.reply(
				interaction,
				SmartEmbed.info('Filter test', 'This server blocks nothing yet: every message stays. Add a pattern with `/wordfilter add`.')
			);
		const { hits, lines } = explainText(state.filter, text);
		const embed = hits.length
			? SmartEmbed.warning('Filter test: this would be removed', lines.join('\n'))
			: SmartEmbed.success('Filter test: this would stay', lines.join('\n'));
		return this.reply(interaction, embed);
	}

	public async chatInputAction(interaction: Interaction) {
		const action = interaction.options.getString('action', true) as FilterAction;
		if (!FILTER_ACTIONS.includes(action)) return this.refuse(interaction, 'Unknown action', `Pick one of ${FILTER_ACTIONS.join(', ')}.`);
		const strikes = interaction.options.getInteger('strikes');
		const windowText = interaction.options.getString('window');
		let windowMs: number | null = null;
		if (windowText !== null) {
			windowMs = parseWindow(windowText);
			if (windowMs === null)
				return this.refuse(
					interaction,
					'That window makes no sense to me',
					`Write it like \`30m\`, \`12h\`, \`7d\` or \`1d 12h\` (got ${code(windowText)}).`
				);
			if (windowMs < MIN_WINDOW_MS || windowMs > MAX_WINDOW_MS)
				return this.refuse(
					interaction,
					'Window out of range',
					`The window must be between ${formatWindow(MIN_WINDOW_MS)} and ${formatWindow(MAX_WINDOW_MS)}.`
				);
		}
		const settings = await updateFilterSettings(interaction.guildId!, (current) => ({
			...current,
			action,
			strikes: strikes ?? current.strikes,
			windowMs: windowMs ?? current.windowMs
		}));
		const lines = [`On a hit I will now ${describeAction(settings)}.`];
		if (action === 'delete+detain') lines.push('Detention must be set up (`/detention setup`) for the last step to work.');
		const warning = this.missingPermissionWarning(interaction);
		if (warning) lines.push('', warning);
		return this.reply(interaction, SmartEmbed.success('Filter action changed', lines.join('\n')));
	}

	public async chatInputExemptAdd(interaction: Interaction) {
		return this.changeExemption(interaction, true);
	}

	public async chatInputExemptRemove(interaction: Interaction) {
		return this.changeExemption(interaction, false);
	}

	public async chatInputExemptModerators(interaction: Interaction) {
		const exempt = interaction.options.getBoolean('exempt', true);
		await updateFilterSettings(interaction.guildId!, (current) => ({ ...current, exemptModerators: exempt }));
		return this.reply(
			interaction,
			SmartEmbed.success(
				'Moderator exemption changed',
				exempt ? 'Members with Manage Messages are not filtered.' : 'Members with Manage Messages are filtered like everyone else.'
			)
		);
	}

	public override async autocompleteRun(interaction: Subcommand.AutocompleteInteraction) {
		if (!interaction.guildId) return interaction.respond([]);
		const rules = await listRules(interaction.guildId);
		return interaction.respond(
			matchingChoices(rules, String(interaction.options.getFocused()), (rule) => ({
				search: rule.pattern,
				name: `${rule.pattern} (${rule.match})`,
				value: `#${rule.id}`
			}))
		);
	}

	private async changeExemption(interaction: Interaction, add: boolean) {
		const role = interaction.options.getRole('role');
		const channel = interaction.options.getChannel('channel');
		if (!role && !channel) return this.refuse(interaction, 'Nothing to change', 'Give a `role`, a `channel`, or both.');
		let refused: string | null = null;
		const settings = await updateFilterSettings(interaction.guildId!, (current) => {
			const roles = new Set(current.exemptRoles);
			const channels = new Set(current.exemptChannels);
			for (const [set, id] of [
				[roles, role?.id],
				[channels, channel?.id]
			] as const) {
				if (!id) continue;
				if (add) set.add(id);
				else set.delete(id);
			}
			if (roles.size + channels.size > MAX_EXEMPTIONS) {
				refused = `At most ${MAX_EXEMPTIONS} roles and channels can be exempt.`;
				return current;
			}
			return { ...current, exemptRoles: [...roles], exemptChannels: [...channels] };
		});
		if (refused) return this.refuse(interaction, 'Too many exemptions', refused);
		const what = [role ? `<@&${role.id}>` : null, channel ? `<#${channel.id}>` : null].filter(Boolean).join(' and ');
		return this.reply(
			interaction,
			SmartEmbed.success(
				add ? 'Exemption added' : 'Exemption removed',
				`${what} ${add ? 'is now exempt from' : 'is filtered again by'} the word filter.\n\n${settingsSummary(settings)}`
			)
		);
	}

	/** The filter needs Manage Messages to delete; say so where the admin is looking. */
	private missingPermissionWarning(interaction: Interaction): string | null {
		const me = interaction.guild?.members.me;
		if (!me || me.permissions.has(PermissionFlagsBits.ManageMessages)) return null;
		return '⚠️ I do not have **Manage Messages** here, so I cannot delete anything yet. Give me that permission.';
	}

	private reply(interaction: Interaction, embed: TikaEmbed) {
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	private async refuse(interaction: Interaction, title: string, reason: string) {
		const { sassLevel } = await this.container.settings.get(interaction.guildId!);
		return this.reply(
			interaction,
			SmartEmbed.error(title, reason, { category: 'user_fault', userId: interaction.user.id, sassLevel, personality: getPersonality() })
		);
	}
}

function settingsSummary(settings: FilterSettings): string {
	const roles = settings.exemptRoles.map((id) => `<@&${id}>`).join(', ') || 'none';
	const channels = settings.exemptChannels.map((id) => `<#${id}>`).join(', ') || 'none';
	return [
		`**On a hit**: ${describeAction(settings)}.`,
		`**Moderators** (Manage Messages): ${settings.exemptModerators ? 'exempt' : 'filtered'}.`,
		`**Exempt roles**: ${roles}`,
		`**Exempt channels**: ${channels}`
	].join('\n');
}
