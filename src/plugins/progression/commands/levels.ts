import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, type Guild, type GuildMember, type SlashCommandNumberOption } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { levelForXp } from '../lib/curve';
import { CONFIG_OPTIONS, parseConfigValue, type ConfigOption } from '../lib/configOptions';
import { getBuffer } from '../lib/runtime';
import { forgetRewards, listRewards, MAX_REWARDS, roleRefusal, syncMemberRewards } from '../lib/rewards';
import { MULTIPLIER_RULE } from '../lib/rules';
import { curveOf, describeCurve, getSettings, MULTIPLIER_CAP, updateSettings, validateSettings, type ProgressionSettings } from '../lib/settings';

const multiplierOption = (option: SlashCommandNumberOption) =>
	option.setName('multiplier').setDescription(`0 to ${MULTIPLIER_CAP}`).setRequired(true).setMinValue(0).setMaxValue(MULTIPLIER_CAP);

/** `/levels config …` and `/levels rewards …`: a server's XP rules and its role rewards. Manage Server only. */
@ApplyOptions<Subcommand.Options>({
	description: 'Configure XP, levels and level role rewards.',
	requiredUserPermissions: [PermissionFlagsBits.ManageGuild],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{
			name: 'config',
			type: 'group',
			entries: [
				{ name: 'view', chatInputRun: 'configView' },
				{ name: 'set', chatInputRun: 'configSet' },
				{ name: 'no-xp-channel', chatInputRun: 'configNoXpChannel' },
				{ name: 'no-xp-role', chatInputRun: 'configNoXpRole' },
				{ name: 'role-multiplier', chatInputRun: 'configRoleMultiplier' },
				{ name: 'channel-multiplier', chatInputRun: 'configChannelMultiplier' }
			]
		},
		{
			name: 'rewards',
			type: 'group',
			entries: [
				{ name: 'add', chatInputRun: 'rewardsAdd' },
				{ name: 'remove', chatInputRun: 'rewardsRemove' },
				{ name: 'list', chatInputRun: 'rewardsList' },
				{ name: 'sync', chatInputRun: 'rewardsSync' }
			]
		}
	]
})
export class LevelsCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
				.setContexts(InteractionContextType.Guild)
				.addSubcommandGroup((group) =>
					group
						.setName('config')
						.setDescription('XP and level settings')
						.addSubcommand((sub) => sub.setName('view').setDescription('Show every progression setting'))
						.addSubcommand((sub) =>
							sub
								.setName('set')
								.setDescription('Change one setting')
								.addStringOption((option) =>
									option
										.setName('option')
										.setDescription('The setting')
										.setRequired(true)
										.addChoices(
											Object.entries(CONFIG_OPTIONS).map(([value, name]) => ({
												name: `${value}: ${name}`.slice(0, 100),
												value
											}))
										)
								)
								.addStringOption((option) =>
									option.setName('value').setDescription('The new value').setRequired(true).setMaxLength(600)
								)
						)
						.addSubcommand((sub) =>
							sub
								.setName('no-xp-channel')
								.setDescription('Turn XP off (or back on) in a channel')
								.addChannelOption((option) => option.setName('channel').setDescription('The channel').setRequired(true))
								.addBooleanOption((option) =>
									option.setName('no-xp').setDescription('true: no XP there; false: XP again').setRequired(true)
								)
						)
						.addSubcommand((sub) =>
							sub
								.setName('no-xp-role')
								.setDescription('Members with this role earn no XP (or do again)')
								.addRoleOption((option) => option.setName('role').setDescription('The role').setRequired(true))
								.addBooleanOption((option) =>
									option.setName('no-xp').setDescription('true: no XP; false: XP again').setRequired(true)
								)
						)
						.addSubcommand((sub) =>
							sub
								.setName('role-multiplier')
								.setDescription('XP multiplier for a role (1 removes it)')
								.addRoleOption((option) => option.setName('role').setDescription('The role').setRequired(true))
								.addNumberOption(multiplierOption)
						)
						.addSubcommand((sub) =>
							sub
								.setName('channel-multiplier')
								.setDescription('XP multiplier for a channel (1 removes it)')
								.addChannelOption((option) => option.setName('channel').setDescription('The channel').setRequired(true))
								.addNumberOption(multiplierOption)
						)
				)
				.addSubcommandGroup((group) =>
					group
						.setName('rewards')
						.setDescription('Roles given at a level')
						.addSubcommand((sub) =>
							sub
								.setName('add')
								.setDescription('Give a role at a level')
								.addIntegerOption((option) =>
									option.setName('level').setDescription('The level').setRequired(true).setMinValue(1).setMaxValue(1000)
								)
								.addRoleOption((option) => option.setName('role').setDescription('The role').setRequired(true))
						)
						.addSubcommand((sub) =>
							sub
								.setName('remove')
								.setDescription('Stop giving a role')
								.addRoleOption((option) => option.setName('role').setDescription('The role').setRequired(true))
						)
						.addSubcommand((sub) => sub.setName('list').setDescription('List the role rewards'))
						.addSubcommand((sub) => sub.setName('sync').setDescription('Give and take reward roles for every member with XP'))
				)
		);
	}

	public async configView(interaction: Subcommand.ChatInputCommandInteraction) {
		const settings = await getSettings(interaction.guildId!);
		return interaction.reply({ embeds: [configEmbed(interaction.guild!, settings)], flags: MessageFlags.Ephemeral });
	}

	public async configSet(interaction: Subcommand.ChatInputCommandInteraction) {
		const option = interaction.options.getString('option', true) as ConfigOption;
		const value = interaction.options.getString('value', true);
		if (!(option in CONFIG_OPTIONS)) return this.fail(interaction, 'Unknown option', `Choose one of: ${Object.keys(CONFIG_OPTIONS).join(', ')}.`);
		let patch: Partial<ProgressionSettings>;
		try {
			patch = parseConfigValue(option, value);
		} catch (error) {
			return this.fail(interaction, `Invalid value for ${option}`, (error as Error).message);
		}
		if (patch.announceChannelId) {
			const channel = interaction.guild!.channels.cache.get(patch.announceChannelId);
			if (!channel?.isTextBased())
				return this.fail(interaction, 'Invalid value for announce-channel', 'That is not a text channel of this server.');
		}
		return this.apply(interaction, patch, `${option} updated`);
	}

	public async configNoXpChannel(interaction: Subcommand.ChatInputCommandInteraction) {
		const channel = interaction.options.getChannel('channel', true);
		return this.setNoXp(interaction, 'noXpChannels', channel.id, `No XP in <#${channel.id}>`, `XP again in <#${channel.id}>`);
	}

	public async configNoXpRole(interaction: Subcommand.ChatInputCommandInteraction) {
		const role = interaction.options.getRole('role', true);
		return this.setNoXp(interaction, 'noXpRoles', role.id, `No XP for ${role.name}`, `XP again for ${role.name}`);
	}

	public async configRoleMultiplier(interaction: Subcommand.ChatInputCommandInteraction) {
		const role = interaction.options.getRole('role', true);
		return this.setMultiplier(interaction, 'roleMultipliers', role.id, role.name);
	}

	public async configChannelMultiplier(interaction: Subcommand.ChatInputCommandInteraction) {
		const channel = interaction.options.getChannel('channel', true);
		return this.setMultiplier(interaction, 'channelMultipliers', channel.id, `<#${channel.id}>`);
	}

	public async rewardsAdd(interaction: Subcommand.ChatInputCommandInteraction) {
		const guild = interaction.guild!;
		const level = interaction.options.getInteger('level', true);
		const role = await guild.roles.fetch(interaction.options.getRole('role', true).id).catch(() => null);
		if (!role) return this.fail(interaction, 'Unknown role', 'That role no longer exists.');
		const refusal = roleRefusal(guild, role);
		if (refusal) return this.fail(interaction, 'I cannot give that role', refusal, 'bot_permission');
		const settings = await getSettings(guild.id);
		if (level > settings.maxLevel) return this.fail(interaction, 'Level too high', `The max level here is ${settings.maxLevel}.`);
		const existing = await listRewards(guild.id);
		if (existing.length >= MAX_REWARDS && !existing.some((reward) => reward.roleId === role.id))
			return this.fail(interaction, 'Too many rewards', `A server can have up to ${MAX_REWARDS} role rewards.`);
		await this.container.prisma.levelReward.upsert({
			where: { guildId_roleId: { guildId: guild.id, roleId: role.id } },
			create: { guildId: guild.id, roleId: role.id, level, createdBy: interaction.user.id },
			update: { level, createdBy: interaction.user.id }
		});
		forgetRewards(guild.id);
		return interaction.reply({
			embeds: [
				SmartEmbed.success(
					'Reward added',
					`Members reaching level **${level}** get <@&${role.id}>. Run \`/levels rewards sync\` to give it to members already there.`
				)
			],
			allowedMentions: { parse: [] }
		});
	}

	public async rewardsRemove(interaction: Subcommand.ChatInputCommandInteraction) {
		const role = interaction.options.getRole('role', true);
		const { count } = await this.container.prisma.levelReward.deleteMany({ where: { guildId: interaction.guildId!, roleId: role.id } });
		forgetRewards(interaction.guildId!);
		if (count === 0) return this.fail(interaction, 'Not a reward', `<@&${role.id}> is not a level reward here.`);
		return interaction.reply({
			embeds: [SmartEmbed.success('Reward removed', `<@&${role.id}> is no longer given for levels. Members keep it.`)],
			allowedMentions: { parse: [] }
		});
	}

	public async rewardsList(interaction: Subcommand.ChatInputCommandInteraction) {
		const [rewards, settings] = await Promise.all([listRewards(interaction.guildId!), getSettings(interaction.guildId!)]);
		const lines = rewards.map((reward) => `Level **${reward.level}** → <@&${reward.roleId}>`);
		const mode = settings.rewardMode === 'stack' ? 'members keep every reward they earned' : 'members keep only their highest reward';
		return interaction.reply({
			embeds: [
				SmartEmbed.info(
					'Level rewards',
					lines.length
						? `${lines.join('\n')}\n\nMode: **${settings.rewardMode}** (${mode}).`
						: 'No role rewards yet. Add one with `/levels rewards add`.'
				)
			],
			allowedMentions: { parse: [] }
		});
	}

	public async rewardsSync(interaction: Subcommand.ChatInputCommandInteraction) {
		const guild = interaction.guild!;
		await interaction.deferReply();
		await getBuffer().flush();
		const [rewards, settings] = await Promise.all([listRewards(guild.id), getSettings(guild.id)]);
		if (rewards.length === 0) return interaction.editReply({ embeds: [SmartEmbed.info('Nothing to sync', 'There are no role rewards yet.')] });
		const rows = await this.container.prisma.memberXp.findMany({ where: { guildId: guild.id }, select: { userId: true, xp: true } });
		const curve = curveOf(settings);
		let done = 0;
		let added = 0;
		let removed = 0;
		let missing = 0;
		let failed = 0;
		let lastReport = Date.now();
		for (const row of rows) {
			const member: GuildMember | null = await guild.members.fetch(row.userId).catch(() => null);
			if (!member) missing++;
			else {
				try {
					const result = await syncMemberRewards(member, levelForXp(row.xp, curve, settings.maxLevel), settings.rewardMode, rewards);
					added += result.added.length;
					removed += result.removed.length;
				} catch {
					failed++;
				}
			}
			done++;
			if (Date.now() - lastReport > 3_000) {
				lastReport = Date.now();
				await interaction
					.editReply({ embeds: [SmartEmbed.info('Syncing reward roles…', `${done} / ${rows.length} members checked.`)] })
					.catch(() => null);
			}
		}
		return interaction.editReply({
			embeds: [
				SmartEmbed.success(
					'Reward roles synced',
					`${rows.length} members checked: ${added} roles given, ${removed} taken back` +
						(missing ? `, ${missing} members not in the server any more` : '') +
						(failed ? `, ${failed} members could not be updated` : '') +
						'.'
				)
			]
		});
	}

	/** Adds `id` to (option `no-xp` true) or removes it from the list `key` of the settings. */
	private async setNoXp(
		interaction: Subcommand.ChatInputCommandInteraction,
		key: 'noXpChannels' | 'noXpRoles',
		id: string,
		offTitle: string,
		onTitle: string
	) {
		const off = interaction.options.getBoolean('no-xp', true);
		const current = await getSettings(interaction.guildId!);
		const patch: Partial<ProgressionSettings> = {};
		patch[key] = current[key].filter((entry) => entry !== id);
		if (off) patch[key].push(id);
		return this.apply(interaction, patch, off ? offTitle : onTitle);
	}

	/** Sets the multiplier of `id` in the map `key` of the settings to option `multiplier` (1 removes it). */
	private async setMultiplier(
		interaction: Subcommand.ChatInputCommandInteraction,
		key: 'roleMultipliers' | 'channelMultipliers',
		id: string,
		label: string
	) {
		const value = interaction.options.getNumber('multiplier', true);
		const current = await getSettings(interaction.guildId!);
		const map = { ...current[key] };
		if (value === 1) delete map[id];
		else map[id] = value;
		const patch: Partial<ProgressionSettings> = {};
		patch[key] = map;
		return this.apply(interaction, patch, `Multiplier for ${label}: ×${value}`);
	}

	private async apply(interaction: Subcommand.ChatInputCommandInteraction, patch: Partial<ProgressionSettings>, title: string) {
		const guildId = interaction.guildId!;
		const current = await getSettings(guildId);
		const next = { ...current, ...patch };
		const problem = validateSettings(next);
		if (problem) return this.fail(interaction, 'That setting was not changed', problem);
		const saved = await updateSettings(guildId, patch);
		return interaction.reply({ embeds: [SmartEmbed.success(title), configEmbed(interaction.guild!, saved)], flags: MessageFlags.Ephemeral });
	}

	private async fail(
		interaction: Subcommand.ChatInputCommandInteraction,
		title: string,
		description: string,
		category: 'user_fault' | 'bot_permission' = 'user_fault'
	) {
		const { sassLevel } = await this.container.settings.get(interaction.guildId!);
		return interaction.reply({
			embeds: [SmartEmbed.error(title, description, { category, sassLevel, userId: interaction.user.id })],
			flags: MessageFlags.Ephemeral
		});
	}
}

function list(ids: string[], render: (id: string) => string): string {
	return ids.length ? ids.map(render).join(', ') : 'none';
}

export function configEmbed(guild: Guild, s: ProgressionSettings) {
	const multipliers = [
		...Object.entries(s.roleMultipliers).map(([id, value]) => `<@&${id}> ×${value}`),
		...Object.entries(s.channelMultipliers).map(([id, value]) => `<#${id}> ×${value}`)
	];
	const announce =
		s.announce === 'channel'
			? `in <#${s.announceChannelId}>`
			: { same: 'in the channel of the message', dm: 'by DM', none: 'not announced' }[s.announce];
	return SmartEmbed.info(`Progression settings for ${guild.name}`).addFields(
		{ name: 'XP per message (xp-min / xp-max)', value: `${s.xpMin}–${s.xpMax}`, inline: true },
		{ name: 'Cooldown', value: `${s.cooldownSeconds} s`, inline: true },
		{ name: 'Min length', value: `${s.minLength} characters`, inline: true },
		{ name: 'Curve', value: describeCurve(s), inline: false },
		{ name: 'Max level', value: String(s.maxLevel), inline: true },
		{ name: 'Level-ups (announce)', value: announce, inline: true },
		{ name: 'Reward mode', value: s.rewardMode === 'stack' ? 'stack (keep all)' : 'highest (keep only the highest)', inline: true },
		{ name: 'Template', value: s.template ? s.template.slice(0, 1000) : "Tika's own level-up lines", inline: false },
		{ name: 'No-XP channels', value: list(s.noXpChannels, (id) => `<#${id}>`).slice(0, 1024), inline: false },
		{ name: 'No-XP roles', value: list(s.noXpRoles, (id) => `<@&${id}>`).slice(0, 1024), inline: false },
		{ name: 'Multipliers', value: (multipliers.join(', ') || 'none').slice(0, 1024), inline: false },
		{ name: 'Multiplier rule', value: MULTIPLIER_RULE, inline: false }
	);
}
