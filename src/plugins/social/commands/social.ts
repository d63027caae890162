import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { countersOf, isOptedOut, setOptOut } from '../lib/counters';
import { reputationOf } from '../lib/reputation';
import { statsEmbed } from '../lib/statsView';
import { NO_MENTIONS } from '../lib/voice';

/**
 * `/social stats [member]`: given and received per action, top partners and reputation in this server.
 * `/social optout on|off`: whether anyone may hug, pat, poke, high-five, boop or bonk you (in every server).
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Social actions: your stats, and opting out of being a target.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'stats', chatInputRun: 'chatInputStats', default: true },
		{ name: 'optout', chatInputRun: 'chatInputOptOut' }
	]
})
export class SocialCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((subcommand) =>
					subcommand
						.setName('stats')
						.setDescription('Hugs, pats and the rest given and received, top partners and reputation')
						.addUserOption((option) => option.setName('member').setDescription('Whose stats to show (default: you)'))
				)
				.addSubcommand((subcommand) =>
					subcommand
						.setName('optout')
						.setDescription('Stop (on) or allow again (off) others hugging, patting, poking... you')
						.addStringOption((option) =>
							option
								.setName('state')
								.setDescription('on: nobody can target you; off: everyone can again')
								.setRequired(true)
								.addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' })
						)
				)
		);
	}

	public async chatInputStats(interaction: Subcommand.ChatInputCommandInteraction<'cached'>) {
		const user = interaction.options.getUser('member') ?? interaction.user;
		// A member who left still has stats; their name then comes from their user.
		const name =
			(user.id === interaction.user.id ? interaction.member : interaction.options.getMember('member'))?.displayName ?? user.displayName;
		const [counters, reputation, optedOut] = await Promise.all([
			countersOf(interaction.guildId, user.id),
			reputationOf(interaction.guildId, user.id),
			isOptedOut(user.id)
		]);
		return interaction.reply({ embeds: [statsEmbed(name, user.id, { ...counters, reputation, optedOut })], allowedMentions: NO_MENTIONS });
	}

	public async chatInputOptOut(interaction: Subcommand.ChatInputCommandInteraction<'cached'>) {
		const optOut = interaction.options.getString('state', true) === 'on';
		const changed = await setOptOut(interaction.user.id, optOut);
		const embed = optOut
			? SmartEmbed.success(
					changed ? 'You opted out of social actions' : 'You were already opted out',
					'Nobody can hug, pat, poke, high-five, boop or bonk you, in any server Tika shares with you. Your counts stay; `/social optout off` undoes this.'
				)
			: SmartEmbed.success(
					changed ? 'You opted back in to social actions' : 'You were not opted out',
					'Members can hug, pat, poke, high-five, boop and bonk you again.'
				);
		return interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
	}
}
