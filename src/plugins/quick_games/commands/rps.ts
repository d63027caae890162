import { ApplyOptions } from '@sapphire/decorators';
import { type Args, Command } from '@sapphire/framework';
import { MessageFlags, type Message, type User } from 'discord.js';
import { SmartEmbed } from '#shared/ui/embeds';
import { parseRpsChoice, RPS_CHOICES, type RpsChoice } from '../lib/rps';
import { armMatch, openMatch, refuseOpponent, tikaChoice } from '../lib/rpsFlow';
import { tikaResultEmbed } from '../lib/rpsView';

const MENTION = /^<@!?(\d{15,25})>$/;

/**
 * `/rps [choice] [opponent]` and `!tika rps [rock|paper|scissors] [@member]`.
 * Against Tika with a choice: answered at once. Against a member (or Tika without a choice): a challenge message whose
 * buttons take each player's move privately; the result is revealed when both have chosen, or the challenge expires.
 */
@ApplyOptions<Command.Options>({
	description: 'Rock, paper, scissors against Tika or another member.',
	aliases: ['rockpaperscissors'],
	detailedDescription: '`!tika rps rock` plays Tika; `!tika rps @member` challenges a member (both pick with buttons).'
})
export class RpsCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.addStringOption((option) =>
					option
						.setName('choice')
						.setDescription('Your move (kept secret from your opponent)')
						.addChoices(...RPS_CHOICES.map((choice) => ({ name: choice[0]!.toUpperCase() + choice.slice(1), value: choice })))
				)
				.addUserOption((option) => option.setName('opponent').setDescription('Challenge a member instead of Tika'))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const botId = this.container.client.user!.id;
		const choice = parseRpsChoice(interaction.options.getString('choice'));
		const opponent = interaction.options.getUser('opponent');
		const refusal = refuseOpponent(interaction.user, opponent, botId);
		if (refusal) {
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			return interaction.reply({
				embeds: [SmartEmbed.error('No match.', refusal, { userId: interaction.user.id, sassLevel, category: 'user_fault' })],
				flags: MessageFlags.Ephemeral
			});
		}

		const vsTika = !opponent || opponent.id === botId;
		if (vsTika && choice) return interaction.reply({ embeds: [await this.playTika(interaction.user.id, interaction.guildId, choice)] });

		const { match, payload } = openMatch(
			{
				guildId: interaction.guildId,
				channelId: interaction.channelId,
				challengerId: interaction.user.id,
				opponentId: vsTika ? botId : opponent.id
			},
			botId
		);
		// The slash option is invisible to others, so the challenger's move can be taken straight from it.
		if (choice && !vsTika) match.choices.set(interaction.user.id, choice);
		const response = await interaction.reply({ content: vsTika ? '' : `<@${opponent.id}>`, ...payload(), withResponse: true });
		armMatch(match, response.resource!.message!.id);
		if (choice && !vsTika)
			await interaction.followUp({ content: `Your move is locked in: **${choice}**. Only you can see this.`, flags: MessageFlags.Ephemeral });
	}

	public override async messageRun(message: Message, args: Args) {
		const botId = this.container.client.user!.id;
		const tokens = args.finished ? [] : await args.repeat('string').catch(() => [] as string[]);
		let choice: RpsChoice | null = null;
		let opponent: User | null = null;
		for (const token of tokens) {
			const mention = MENTION.exec(token);
			if (mention) {
				opponent = (await this.container.client.users.fetch(mention[1]!).catch(() => null)) ?? opponent;
				continue;
			}
			const parsed = parseRpsChoice(token);
			if (!parsed)
				return this.fault(
					message,
					`\`${token.replace(/`/g, "'").slice(0, 20)}\` is not a move.`,
					'Play `rock`, `paper` or `scissors`, e.g. `!tika rps rock`.'
				);
			choice = parsed;
		}
		const refusal = refuseOpponent(message.author, opponent, botId);
		if (refusal) return this.fault(message, 'No match.', refusal);
		if (opponent && opponent.id !== botId && message.guild && !(await message.guild.members.fetch(opponent.id).catch(() => null)))
			return this.fault(message, 'No match.', `<@${opponent.id}> is not in this server.`);

		const vsTika = !opponent || opponent.id === botId;
		if (vsTika && choice) return message.reply({ embeds: [await this.playTika(message.author.id, message.guildId, choice)] });

		const { match, payload } = openMatch(
			{ guildId: message.guildId, channelId: message.channelId, challengerId: message.author.id, opponentId: vsTika ? botId : opponent!.id },
			botId
		);
		// A move typed in a public message is visible to the opponent, so it is not used: both pick with the buttons.
		const note = choice && !vsTika ? 'Your typed move was public, so it does not count: pick with the buttons like your opponent.' : undefined;
		const sent = await message.reply({ content: vsTika ? '' : `<@${opponent!.id}>`, ...payload(note) });
		armMatch(match, sent.id);
	}

	private async playTika(userId: string, guildId: string | null, choice: RpsChoice) {
		const sassLevel = await this.container.settings.sassLevel(guildId);
		return tikaResultEmbed(userId, choice, tikaChoice(), sassLevel);
	}

	private async fault(message: Message, title: string, description: string) {
		const sassLevel = await this.container.settings.sassLevel(message.guildId);
		return message.reply({ embeds: [SmartEmbed.error(title, description, { userId: message.author.id, sassLevel, category: 'user_fault' })] });
	}
}
