import { ApplyOptions } from '@sapphire/decorators';
import { CommandOptionsRunTypeEnum } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags } from 'discord.js';
import { matchingChoices } from '#shared/ui/autocomplete';
import { SmartEmbed } from '#shared/ui/embeds';
import { refuseReminder } from '../lib/flow';
import { changeZone, memberZone, now, ownZone } from '../lib/service';
import { allZones, canonicalZone, floatingAt, formatOffset, offsetAt } from '../lib/zones';

/** "Europe/Paris (UTC+01:00, now 14:05)" */
function describeZone(zone: string, at: Date): string {
	const clock = floatingAt(at, zone).toISOString().slice(11, 16);
	return `${zone} (${formatOffset(offsetAt(at, zone))}, now ${clock})`;
}

/**
 * `/timezone set|show`: the IANA zone a member's times are read in (autocompleted from Intl's list). Setting it moves
 * their waiting reminders as docs/features/reminders.md describes.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'The time zone your reminders are read in.',
	runIn: [CommandOptionsRunTypeEnum.GuildAny],
	subcommands: [
		{ name: 'set', chatInputRun: 'chatInputSet' },
		{ name: 'show', chatInputRun: 'chatInputShow' }
	]
})
export class TimezoneCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					sub
						.setName('set')
						.setDescription('Set your time zone')
						.addStringOption((option) =>
							option
								.setName('zone')
								.setDescription('A place, e.g. Europe/Paris or America/New_York')
								.setRequired(true)
								.setAutocomplete(true)
								.setMaxLength(64)
						)
				)
				.addSubcommand((sub) => sub.setName('show').setDescription('Show your time zone'))
		);
	}

	public async chatInputSet(interaction: Subcommand.ChatInputCommandInteraction) {
		const input = interaction.options.getString('zone', true);
		const zone = canonicalZone(input);
		if (!zone)
			return refuseReminder(
				interaction,
				`\`${input.replace(/`/g, 'ˋ')}\` is not a time zone I know.`,
				'Pick a place from the list as you type (e.g. `Europe/Paris`, `America/New_York`, `Asia/Tokyo`).'
			);
		const { moved, kept } = await changeZone(interaction.user.id, zone);
		const lines = [`Your times are now read in **${describeZone(zone, now())}**.`];
		if (moved + kept > 0)
			lines.push(
				'',
				`${moved} waiting reminder${moved === 1 ? '' : 's'} moved to keep ${moved === 1 ? 'its' : 'their'} local time here; ${kept} kept ${kept === 1 ? 'its' : 'their'} moment (set as an amount of time, like "in 2h").`
			);
		return interaction.reply({ embeds: [SmartEmbed.success('Time zone set', lines.join('\n'))], flags: MessageFlags.Ephemeral });
	}

	public async chatInputShow(interaction: Subcommand.ChatInputCommandInteraction) {
		const own = await ownZone(interaction.user.id);
		const zone = await memberZone(interaction.user.id);
		const how = own ? '' : '\nYou have not set one: this is the server default. Set yours with `/timezone set`.';
		return interaction.reply({
			embeds: [SmartEmbed.info('Your time zone', `Your times are read in **${describeZone(zone, now())}**.${how}`)],
			flags: MessageFlags.Ephemeral
		});
	}

	public override async autocompleteRun(interaction: Subcommand.AutocompleteInteraction) {
		const typed = interaction.options.getFocused().trim().replace(/\s+/g, '_');
		const at = now();
		return interaction.respond(matchingChoices(allZones(), typed, (zone) => ({ search: zone, name: describeZone(zone, at), value: zone })));
	}
}
