import { ApplyOptions } from '@sapphire/decorators';
import { type Args, Command } from '@sapphire/framework';
import { MessageFlags, type Message } from 'discord.js';
import { randomInt } from 'node:crypto';
import type { SassLevel } from '#shared/personality/types';
import { SmartEmbed, tikaEmbed } from '#shared/ui/embeds';
import { describeRoll, DICE_DEFAULT, DICE_MAX_COUNT, DICE_MAX_LENGTH, DICE_MAX_SIDES, DiceError, roll, type RollResult } from '../lib/dice';

/** `/roll [dice]` and `!tika roll 2d6+3`: dice notation with keep/drop, each die shown. Default `d20`. */
@ApplyOptions<Command.Options>({
	description: 'Roll dice: d20, 2d6+3, 4d6kh3, d%...',
	aliases: ['dice'],
	detailedDescription: `\`!tika roll [dice]\` — default ${DICE_DEFAULT}; up to ${DICE_MAX_COUNT} dice of up to ${DICE_MAX_SIDES} sides.`
})
export class RollCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.addStringOption((option) =>
					option
						.setName('dice')
						.setDescription(`Dice notation, e.g. 2d6+3 or 4d6kh3 (default ${DICE_DEFAULT})`)
						.setMaxLength(DICE_MAX_LENGTH)
				)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const input = interaction.options.getString('dice')?.trim() || DICE_DEFAULT;
		const outcome = rollOrExplain(input);
		if (outcome.ok) return interaction.reply({ embeds: [rollEmbed(interaction.user.id, outcome.result)] });
		const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
		return interaction.reply({ embeds: [errorEmbed(input, outcome.error, interaction.user.id, sassLevel)], flags: MessageFlags.Ephemeral });
	}

	public override async messageRun(message: Message, args: Args) {
		const input = (args.finished ? '' : await args.rest('string').catch(() => '')).trim() || DICE_DEFAULT;
		const outcome = rollOrExplain(input);
		if (outcome.ok) return message.reply({ embeds: [rollEmbed(message.author.id, outcome.result)] });
		const sassLevel = await this.container.settings.sassLevel(message.guildId);
		return message.reply({ embeds: [errorEmbed(input, outcome.error, message.author.id, sassLevel)] });
	}
}

function rollOrExplain(input: string): { ok: true; result: RollResult } | { ok: false; error: DiceError } {
	try {
		return { ok: true, result: roll(input, (sides) => randomInt(1, sides + 1)) };
	} catch (error) {
		if (error instanceof DiceError) return { ok: false, error };
		throw error;
	}
}

function rollEmbed(userId: string, result: RollResult) {
	const lines = describeRoll(result);
	return tikaEmbed('brand')
		.setTitle(`🎲 ${result.expression} → ${result.total}`)
		.setDescription([`<@${userId}> rolled **${result.total}**.`, ...lines.map((line) => `• ${line}`)].join('\n'));
}

function errorEmbed(input: string, error: DiceError, userId: string, sassLevel: SassLevel | undefined) {
	const clean = input.replace(/`/g, "'");
	const shown = clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
	const title = error.limit ? `That is more dice than I carry: \`${shown}\`` : `I can't roll \`${shown}\``;
	return SmartEmbed.error(title, error.message, { userId, sassLevel, category: 'user_fault' });
}
