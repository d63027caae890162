import { ApplyOptions } from '@sapphire/decorators';
import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import { pluginVoice } from '#shared/personality/plugins';
import { recordIntrusion } from '#shared/ui/voice';
import plugin from '../plugin';
import { parseDeleteButtonId } from '../lib/linkfix/button';
import { removeFix } from '../lib/linkfix/flow';
import { linkFixRuntime } from '../lib/linkfix/runtime';

const voice = pluginVoice(plugin);

/**
 * The 🗑️ under a link fix (`linkfix:delete:<poster>`): the member who posted the link, or anyone with Manage Messages
 * in the channel, deletes the fix. Anyone else is turned away privately, in character.
 */
@ApplyOptions<InteractionHandler.Options>({ interactionHandlerType: InteractionHandlerTypes.Button })
export class LinkFixDeleteButtonHandler extends InteractionHandler {
	public override parse(interaction: ButtonInteraction) {
		const authorId = parseDeleteButtonId(interaction.customId);
		return authorId === null ? this.none() : this.some(authorId);
	}

	public override async run(interaction: ButtonInteraction, authorId: string) {
		const userId = interaction.user.id;
		if (userId !== authorId && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) {
			recordIntrusion(userId, {});
			const sassLevel = await this.container.settings.sassLevel(interaction.guildId);
			const line = voice.say(
				'linkfix_not_yours',
				{ userId, sassLevel, vars: { owner: `<@${authorId}>` } },
				'Only the person who posted the link, or a moderator, can delete this.'
			);
			return interaction.reply({ content: line, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		}
		await interaction.deferUpdate();
		const runtime = linkFixRuntime();
		// Pressed the moment the fix appeared: Tika may still be storing it. Its source's work ends once it is stored.
		const sourceId = interaction.message.reference?.messageId;
		if (sourceId) await runtime.settled(sourceId);
		const record = await runtime.recordOfFix(interaction.message.id);
		if (record) return removeFix(runtime, record);
		// No stored row (pruned after 14 days): the button still works.
		runtime.noteDeleted(interaction.message.id);
		return interaction.message.delete();
	}
}
