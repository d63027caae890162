import { ApplyOptions } from '@sapphire/decorators';
import { type Args, Command } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { randomInt } from 'node:crypto';
import { SmartEmbed, tikaEmbed } from '#shared/ui/embeds';
import { describeFlip, parseCall, type CoinSide } from '../lib/coin';

/** `/coinflip [call]` and `!tika coinflip [heads|tails]`: flips a fair coin and judges the call. */
@ApplyOptions<Command.Options>({
	description: 'Flip a coin; call heads or tails if you like.',
	aliases: ['flip', 'coin'],
	detailedDescription: '`!tika coinflip [heads|tails]`'
})
export class CoinflipCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.addStringOption((option) =>
					option
						.setName('call')
						.setDescription('Your call')
						.addChoices({ name: 'Heads', value: 'heads' }, { name: 'Tails', value: 'tails' })
				)
		);
	}

	public override chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const call = parseCall(interaction.options.getString('call'));
		return interaction.reply({ embeds: [flipEmbed(call)] });
	}

	public override async messageRun(message: Message, args: Args) {
		const typed = args.finished ? null : await args.pick('string').catch(() => null);
		const call = parseCall(typed);
		if (typed && !call) {
			const sassLevel = await this.container.settings.sassLevel(message.guildId);
			return message.reply({
				embeds: [
					SmartEmbed.error(`\`${typed.slice(0, 20)}\` is not a side of a coin.`, 'Call `heads` or `tails`, e.g. `!tika coinflip heads`.', {
						userId: message.author.id,
						sassLevel,
						category: 'user_fault'
					})
				]
			});
		}
		return message.reply({ embeds: [flipEmbed(call)] });
	}
}

function flipEmbed(call: CoinSide | null) {
	const result: CoinSide = randomInt(2) === 0 ? 'heads' : 'tails';
	const { title, verdict, right } = describeFlip(result, call);
	return tikaEmbed(right === false ? 'warning' : right ? 'success' : 'brand')
		.setTitle(title)
		.setDescription(verdict ?? 'The coin has spoken.');
}
