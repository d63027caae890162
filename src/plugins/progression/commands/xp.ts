import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, type SlashCommandSubcommandBuilder } from 'discord.js';
import { confirm } from '#shared/ui/confirm';
import { SmartEmbed } from '#shared/ui/embeds';
import { resetGuild, resetMember, setMemberXp } from '../lib/award';
import { MAX_TOTAL_XP } from '../lib/curve';

type Mode = 'add' | 'remove' | 'set';

/** `/xp add|remove|set|reset <member>` and `/xp reset-all`: an admin's hand on the XP table. Manage Server only. */
@ApplyOptions<Subcommand.Options>({
	description: "Change members' XP.",
	requiredUserPermissions: [PermissionFlagsBits.ManageGuild],
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'add', chatInputRun: 'chatInputAdd' },
		{ name: 'remove', chatInputRun: 'chatInputRemove' },
		{ name: 'set', chatInputRun: 'chatInputSet' },
		{ name: 'reset', chatInputRun: 'chatInputReset' },
		{ name: 'reset-all', chatInputRun: 'chatInputResetAll' }
	]
})
export class XpCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		const amountOf = (verb: string) => (sub: SlashCommandSubcommandBuilder) =>
			sub
				.setName(verb)
				.setDescription(`${verb[0]!.toUpperCase()}${verb.slice(1)} XP`)
				.addUserOption((option) => option.setName('member').setDescription('The member').setRequired(true))
				.addIntegerOption((option) => option.setName('amount').setDescription(`0 to ${MAX_TOTAL_XP}`).setRequired(true));
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand(amountOf('add'))
				.addSubcommand(amountOf('remove'))
				.addSubcommand(amountOf('set'))
				.addSubcommand((sub) =>
					sub
						.setName('reset')
						.setDescription("Delete a member's XP")
						.addUserOption((option) => option.setName('member').setDescription('The member').setRequired(true))
				)
				.addSubcommand((sub) => sub.setName('reset-all').setDescription('Delete the XP of everyone in this server'))
		);
	}

	public chatInputAdd(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.change(interaction, 'add');
	}

	public chatInputRemove(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.change(interaction, 'remove');
	}

	public chatInputSet(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.change(interaction, 'set');
	}

	public async chatInputReset(interaction: Subcommand.ChatInputCommandInteraction) {
		const user = interaction.options.getUser('member', true);
		if (user.bot) return this.fail(interaction, 'Bots have no XP', 'Bots never earn XP.');
		const member = await interaction.guild!.members.fetch(user.id).catch(() => null);
		const old = await resetMember(interaction.guildId!, user.id, member);
		return interaction.reply({
			embeds: [SmartEmbed.success('XP reset', `<@${user.id}> had ${old.toLocaleString('en')} XP; now none.`)],
			allowedMentions: { parse: [] }
		});
	}

	public async chatInputResetAll(interaction: Subcommand.ChatInputCommandInteraction) {
		const { sassLevel } = await this.container.settings.get(interaction.guildId!);
		const outcome = await confirm(interaction, {
			prompt: SmartEmbed.warning('Reset everyone’s XP?', 'Every member of this server goes back to level 0. This cannot be undone.'),
			confirmLabel: 'Reset all XP',
			destructive: true,
			sassLevel
		});
		if (outcome !== 'confirmed') return null;
		const count = await resetGuild(interaction.guildId!);
		return interaction.followUp({
			embeds: [SmartEmbed.success('All XP reset', `${count} members went back to level 0. Reward roles stay until \`/levels rewards sync\`.`)]
		});
	}

	private async change(interaction: Subcommand.ChatInputCommandInteraction, mode: Mode) {
		const user = interaction.options.getUser('member', true);
		const amount = interaction.options.getInteger('amount', true);
		if (user.bot) return this.fail(interaction, 'Bots have no XP', 'Bots never earn XP.');
		if (amount < 0 || amount > MAX_TOTAL_XP)
			return this.fail(interaction, 'Amount out of range', `The amount must be between 0 and ${MAX_TOTAL_XP.toLocaleString('en')}.`);
		const guildId = interaction.guildId!;
		const member = await interaction.guild!.members.fetch(user.id).catch(() => null);
		let bounds: string | null = null;
		const compute = (current: number) => {
			if (mode === 'set') return amount;
			if (mode === 'add') {
				if (current + amount > MAX_TOTAL_XP)
					bounds = `That would take <@${user.id}> above the ${MAX_TOTAL_XP.toLocaleString('en')} XP limit (they have ${current.toLocaleString('en')}).`;
				return bounds ? current : current + amount;
			}
			if (amount > current) bounds = `<@${user.id}> only has ${current.toLocaleString('en')} XP.`;
			return bounds ? current : current - amount;
		};
		const result = await setMemberXp(guildId, user.id, compute, member);
		if (bounds) return this.fail(interaction, 'Amount out of range', bounds);
		const levelNote =
			result.newLevel !== result.oldLevel ? ` Level ${result.oldLevel} → **${result.newLevel}**.` : ` Level **${result.newLevel}**.`;
		return interaction.reply({
			embeds: [
				SmartEmbed.success(
					'XP updated',
					`<@${user.id}>: ${result.oldXp.toLocaleString('en')} → **${result.newXp.toLocaleString('en')}** XP.${levelNote}`
				)
			],
			allowedMentions: { parse: [] }
		});
	}

	private async fail(interaction: Subcommand.ChatInputCommandInteraction, title: string, description: string) {
		const { sassLevel } = await this.container.settings.get(interaction.guildId!);
		return interaction.reply({
			embeds: [SmartEmbed.error(title, description, { category: 'user_fault', sassLevel, userId: interaction.user.id })],
			flags: MessageFlags.Ephemeral,
			allowedMentions: { parse: [] }
		});
	}
}
