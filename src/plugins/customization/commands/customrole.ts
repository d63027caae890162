import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, time, TimestampStyles } from 'discord.js';
import { hex } from '#shared/images/layout';
import { SmartEmbed, tikaEmbed, type TikaEmbed } from '#shared/ui/embeds';
import { paginate } from '#shared/ui/paginator';
import { checkBotCanPlace, createCustomRole, CustomRoleError, deleteCustomRole, eligibilityOf, findCustomRole } from '../lib/customRoles';
import { progressionEnabled } from '../lib/level';
import { getSettings, updateCustomRoleSettings, type CustomRoleSettings } from '../lib/settings';
import { parseRoleColour, ROLE_NAME_MAX, validateRoleName } from '../lib/validation';

type Interaction = Subcommand.ChatInputCommandInteraction<'cached'>;

/**
 * `/customrole`: one personal role per eligible member (boosters and/or members from a level), placed under an anchor
 * role. Members: create, edit, delete, info. Admins (Manage Roles): config, list, remove.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Your own custom role: a name and colour of your choice.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'create', chatInputRun: 'chatInputCreate' },
		{ name: 'edit', chatInputRun: 'chatInputEdit' },
		{ name: 'delete', chatInputRun: 'chatInputDelete' },
		{ name: 'info', chatInputRun: 'chatInputInfo' },
		{ name: 'config', chatInputRun: 'chatInputConfig' },
		{ name: 'list', chatInputRun: 'chatInputList' },
		{ name: 'remove', chatInputRun: 'chatInputRemove' }
	]
})
export class CustomRoleCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('create')
						.setDescription('Create your custom role')
						.addStringOption((o) =>
							o.setName('name').setDescription(`Role name (1-${ROLE_NAME_MAX} characters)`).setRequired(true).setMaxLength(100)
						)
						.addStringOption((o) => o.setName('colour').setDescription('Hex colour, e.g. #ff8800').setRequired(true).setMaxLength(16))
				)
				.addSubcommand((sub) =>
					sub
						.setName('edit')
						.setDescription("Change your custom role's name or colour")
						.addStringOption((o) => o.setName('name').setDescription('New name').setMaxLength(100))
						.addStringOption((o) => o.setName('colour').setDescription('New hex colour, e.g. #ff8800').setMaxLength(16))
				)
				.addSubcommand((sub) => sub.setName('delete').setDescription('Delete your custom role'))
				.addSubcommand((sub) =>
					sub
						.setName('info')
						.setDescription("Show a member's custom role")
						.addUserOption((o) => o.setName('member').setDescription('Whose role (default: yours)'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('config')
						.setDescription('Admins: who gets custom roles and where they go (no options: show)')
						.addBooleanOption((o) => o.setName('boosters').setDescription('Server boosters may have one'))
						.addIntegerOption((o) =>
							o
								.setName('min_level')
								.setDescription('Members at this level or above may have one (0 = off; needs progression)')
								.setMinValue(0)
								.setMaxValue(1000)
						)
						.addRoleOption((o) => o.setName('anchor').setDescription('Custom roles go directly below this role'))
						.addBooleanOption((o) => o.setName('clear_anchor').setDescription('Put new custom roles at the bottom instead'))
				)
				.addSubcommand((sub) => sub.setName('list').setDescription('Admins: list every custom role'))
				.addSubcommand((sub) =>
					sub
						.setName('remove')
						.setDescription("Admins: delete a member's custom role")
						.addUserOption((o) => o.setName('member').setDescription('Whose role').setRequired(true))
				)
		);
	}

	// ------------------------------------------------------------------ members

	public async chatInputCreate(interaction: Interaction) {
		const name = validateRoleName(interaction.options.getString('name', true), this.filterWords(interaction.guildId));
		if (!name.ok) return this.refuse(interaction, 'That name will not do', name.error);
		const colour = parseRoleColour(interaction.options.getString('colour', true));
		if (!colour.ok) return this.refuse(interaction, 'That colour will not do', colour.error);
		if (this.nameTaken(interaction, name.value))
			return this.refuse(interaction, 'That name is taken', `A role called **${name.value}** already exists here. Pick another name.`);

		const settings = (await getSettings(interaction.guildId)).customRoles;
		const member = interaction.member;
		const eligibility = await eligibilityOf(member, settings);
		if (!eligibility.eligible) return this.refuse(interaction, 'No custom role for you (yet)', eligibility.message);
		const existing = await findCustomRole(interaction.guild, member.id);
		if (existing)
			return this.refuse(
				interaction,
				'You already have a custom role',
				`${existing.role} is yours. Change it with \`/customrole edit\` or remove it with \`/customrole delete\`.`
			);

		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		try {
			const anchor = await checkBotCanPlace(interaction.guild, settings);
			const role = await createCustomRole(member, name.value, colour.value, anchor);
			return interaction.editReply({
				embeds: [SmartEmbed.success('Custom role created', `${role} (${hex(colour.value)}) is yours. Wear it well.`).setColor(colour.value)]
			});
		} catch (error) {
			return this.fail(interaction, error);
		}
	}

	public async chatInputEdit(interaction: Interaction) {
		const rawName = interaction.options.getString('name');
		const rawColour = interaction.options.getString('colour');
		if (rawName === null && rawColour === null)
			return this.refuse(interaction, 'Nothing to change', 'Give a new `name`, a new `colour`, or both.');
		const name = rawName === null ? null : validateRoleName(rawName, this.filterWords(interaction.guildId));
		if (name && !name.ok) return this.refuse(interaction, 'That name will not do', name.error);
		const colour = rawColour === null ? null : parseRoleColour(rawColour);
		if (colour && !colour.ok) return this.refuse(interaction, 'That colour will not do', colour.error);

		const existing = await findCustomRole(interaction.guild, interaction.user.id);
		if (!existing) return this.refuse(interaction, 'You have no custom role', 'Create one first with `/customrole create`.');
		if (name?.ok && name.value.toLowerCase() !== existing.role.name.toLowerCase() && this.nameTaken(interaction, name.value)) {
			return this.refuse(interaction, 'That name is taken', `A role called **${name.value}** already exists here. Pick another name.`);
		}
		const eligibility = await eligibilityOf(interaction.member);
		if (!eligibility.eligible) return this.refuse(interaction, 'You are no longer eligible', eligibility.message);

		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		try {
			await checkBotCanPlace(interaction.guild, { ...(await getSettings(interaction.guildId)).customRoles, anchorRoleId: null });
			const nextName = name?.ok ? name.value : existing.row.name;
			const nextColour = colour?.ok ? colour.value : existing.row.color;
			await existing.role.edit({ name: nextName, color: nextColour, reason: `Custom role edited by ${interaction.user.username}` });
			await this.container.prisma.customRole.update({
				where: { guildId_userId: { guildId: interaction.guildId, userId: interaction.user.id } },
				data: { name: nextName, color: nextColour }
			});
			return interaction.editReply({
				embeds: [
					SmartEmbed.success('Custom role updated', `${existing.role} is now **${nextName}** (${hex(nextColour)}).`).setColor(nextColour)
				]
			});
		} catch (error) {
			return this.fail(interaction, error);
		}
	}

	public async chatInputDelete(interaction: Interaction) {
		const existing = await findCustomRole(interaction.guild, interaction.user.id);
		if (!existing) return this.refuse(interaction, 'You have no custom role', 'There is nothing to delete.');
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		await existing.role.delete(`Custom role deleted by ${interaction.user.username}`);
		await this.container.prisma.customRole.deleteMany({ where: { guildId: interaction.guildId, userId: interaction.user.id } });
		return interaction.editReply({ embeds: [SmartEmbed.success('Custom role deleted', `**${existing.row.name}** is gone.`)] });
	}

	public async chatInputInfo(interaction: Interaction) {
		const target = interaction.options.getUser('member') ?? interaction.user;
		const existing = await findCustomRole(interaction.guild, target.id);
		if (!existing) {
			const whose = target.id === interaction.user.id ? 'You have' : `${target} has`;
			return interaction.reply({ embeds: [SmartEmbed.info('No custom role', `${whose} no custom role here.`)], flags: MessageFlags.Ephemeral });
		}
		const embed = tikaEmbed('info')
			.setColor(existing.row.color || null)
			.setTitle(`Custom role of ${target.username}`)
			.addFields(
				{ name: 'Role', value: `${existing.role}`, inline: true },
				{ name: 'Colour', value: hex(existing.row.color), inline: true },
				{ name: 'Since', value: time(existing.row.createdAt, TimestampStyles.RelativeTime), inline: true }
			);
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	// ------------------------------------------------------------------ admins

	public async chatInputConfig(interaction: Interaction) {
		if (!(await this.isAdmin(interaction))) return;
		const boosters = interaction.options.getBoolean('boosters');
		const minLevel = interaction.options.getInteger('min_level');
		const anchor = interaction.options.getRole('anchor');
		const clearAnchor = interaction.options.getBoolean('clear_anchor') === true;
		const patch: Partial<CustomRoleSettings> = {};
		if (boosters !== null) patch.boosters = boosters;
		if (minLevel !== null) patch.minLevel = minLevel === 0 ? null : minLevel;
		if (anchor) {
			if (anchor.id === interaction.guildId)
				return this.refuse(interaction, 'Not that role', '@everyone cannot be the anchor: nothing goes below it.');
			const me = interaction.guild.members.me ?? (await interaction.guild.members.fetchMe());
			if (anchor.comparePositionTo(me.roles.highest) > 0) {
				return this.refuse(
					interaction,
					'That anchor is above my highest role',
					`${anchor} is above my highest role (${me.roles.highest}), so I could not place roles under it. Move my role above it first, or pick a lower role.`
				);
			}
			patch.anchorRoleId = anchor.id;
		} else if (clearAnchor) patch.anchorRoleId = null;

		const changed = Object.keys(patch).length > 0;
		const settings = changed ? await updateCustomRoleSettings(interaction.guildId, patch) : await getSettings(interaction.guildId);
		const levels = await progressionEnabled(interaction.guildId);
		const custom = settings.customRoles;
		const lines = [
			`**Boosters**: ${custom.boosters ? 'yes' : 'no'}`,
			`**From level**: ${custom.minLevel === null ? 'off' : `${custom.minLevel}${levels ? '' : ' (progression is off here, so this does not apply)'}`}`,
			`**Anchor**: ${custom.anchorRoleId ? `<@&${custom.anchorRoleId}> (new roles go directly below it)` : 'none (new roles go to the bottom, where other coloured roles may hide their colour)'}`
		];
		if (!custom.boosters && (custom.minLevel === null || !levels)) lines.push('', 'Nobody can create a custom role right now.');
		const embed = changed
			? SmartEmbed.success('Custom role settings saved', lines.join('\n'))
			: SmartEmbed.info('Custom role settings', lines.join('\n'));
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	public async chatInputList(interaction: Interaction) {
		if (!(await this.isAdmin(interaction))) return;
		const rows = await this.container.prisma.customRole.findMany({ where: { guildId: interaction.guildId }, orderBy: { createdAt: 'asc' } });
		if (rows.length === 0)
			return interaction.reply({
				embeds: [SmartEmbed.info('Custom roles', 'Nobody has a custom role here yet.')],
				flags: MessageFlags.Ephemeral
			});
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		return paginate(
			interaction,
			{
				items: rows,
				perPage: 15,
				render: (items, page) =>
					tikaEmbed('info')
						.setTitle(`Custom roles (${rows.length})`)
						.setDescription(
							items
								.map((row, index) => `${page.index * 15 + index + 1}. <@${row.userId}>: <@&${row.roleId}> ${hex(row.color)}`)
								.join('\n')
						)
			},
			{ ephemeral: true, sassLevel }
		);
	}

	public async chatInputRemove(interaction: Interaction) {
		if (!(await this.isAdmin(interaction))) return;
		const target = interaction.options.getUser('member', true);
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const removed = await deleteCustomRole(interaction.guild, target.id, `Custom role removed by ${interaction.user.username}`);
		return interaction.editReply({
			embeds: [
				removed
					? SmartEmbed.success('Custom role removed', `${target}'s custom role was deleted.`)
					: SmartEmbed.info('No custom role', `${target} has no custom role here.`)
			]
		});
	}

	// ------------------------------------------------------------------ helpers

	private async isAdmin(interaction: Interaction): Promise<boolean> {
		if (interaction.memberPermissions.has(PermissionFlagsBits.ManageRoles)) return true;
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		await interaction.reply({
			embeds: [
				SmartEmbed.error('Admins only', 'This needs the **Manage Roles** permission.', {
					category: 'permission',
					userId: interaction.user.id,
					sassLevel,
					vars: { permissions: 'Manage Roles' }
				})
			],
			flags: MessageFlags.Ephemeral
		});
		return false;
	}

	/** Another (non-custom) role already has this name: a custom role could pass for it. */
	private nameTaken(interaction: Interaction, name: string): boolean {
		const lower = name.toLowerCase();
		return interaction.guild.roles.cache.some((role) => role.name.toLowerCase() === lower);
	}

	/** Extra blocked words from the moderation plugin's filter, when it exposes them (optional; see docs). */
	private filterWords(guildId: string): readonly string[] {
		const filter = Reflect.get(this.container, 'wordFilter') as { blockedWords?: (guildId: string) => readonly string[] } | undefined;
		try {
			return filter?.blockedWords?.(guildId) ?? [];
		} catch {
			return [];
		}
	}

	private async refuse(interaction: Interaction, title: string, description: string) {
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		const embed = SmartEmbed.error(title, description, { category: 'user_fault', userId: interaction.user.id, sassLevel });
		return interaction.deferred || interaction.replied
			? interaction.editReply({ embeds: [embed] })
			: interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}

	private async fail(interaction: Interaction, error: unknown) {
		if (error instanceof CustomRoleError) {
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			const embed: TikaEmbed = SmartEmbed.error(error.title, error.message, { category: error.kind, userId: interaction.user.id, sassLevel });
			return interaction.editReply({ embeds: [embed] });
		}
		throw error;
	}
}
