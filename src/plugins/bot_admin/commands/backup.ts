import { ApplyOptions } from '@sapphire/decorators';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { InteractionContextType, MessageFlags } from 'discord.js';
import { createBackup, defaultBackupDirectory, formatBytes } from '#core/backup/index';
import { DatabaseError } from '#core/database/index';
import { redact } from '#core/logging/redact';
import { SmartEmbed } from '#shared/ui/embeds';
import { backupListText, listBackups } from '../lib/backups';

type Interaction = Subcommand.ChatInputCommandInteraction;

/**
 * `/backup now|list`: bot owners take a database backup on demand (the same as `npm run db:backup` and the automatic
 * ones: a .db snapshot on SQLite, pg_dump or JSON on PostgreSQL) and see the backups kept. Owners only, whatever the
 * server: the database holds every server's data. Replies are private. Restoring stays a command-line step
 * (`npm run db:restore`), because it needs the bot stopped.
 */
@ApplyOptions<Subcommand.Options>({
	description: 'Back up the database now, or list the backups (bot owners only).',
	preconditions: ['BotOwner'],
	subcommands: [
		{ name: 'now', chatInputRun: 'chatInputNow' },
		{ name: 'list', chatInputRun: 'chatInputList' }
	]
})
export class BackupCommand extends Subcommand {
	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
				.addSubcommand((subcommand) => subcommand.setName('now').setDescription('Back up the database now'))
				.addSubcommand((subcommand) => subcommand.setName('list').setDescription('The backups kept, newest first'))
		);
	}

	public async chatInputNow(interaction: Interaction) {
		// A large database takes longer than the 3 s Discord gives an interaction.
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		try {
			const result = await createBackup(this.container.db, { directory: this.directory(), rawUrl: this.container.env.databaseUrl });
			this.container.logger.info(
				`[backup] ${interaction.user.id} took a backup: ${result.file} (${formatBytes(result.bytes)}, ${result.ms} ms)`
			);
			const pruned = result.deleted.length ? `\nDeleted ${result.deleted.length} old backup(s) beyond the ones kept.` : '';
			const note = result.note ? `\n⚠️ ${redact(result.note)}.` : '';
			return interaction.editReply({
				embeds: [SmartEmbed.success('Backup taken', `\`${result.file}\`\n${formatBytes(result.bytes)} in ${result.ms} ms.${pruned}${note}`)],
				allowedMentions: { parse: [] }
			});
		} catch (error) {
			if (!(error instanceof DatabaseError)) throw error;
			this.container.logger.error(`[backup] ${interaction.user.id}'s backup failed: ${error.message}`);
			return interaction.editReply({
				embeds: [SmartEmbed.error('The backup failed', redact(error.message), { userId: interaction.user.id })],
				allowedMentions: { parse: [] }
			});
		}
	}

	public async chatInputList(interaction: Interaction) {
		const directory = this.directory();
		const text = backupListText(await listBackups(directory), directory);
		return interaction.reply({ embeds: [SmartEmbed.info('Backups', text)], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}

	private directory(): string {
		return this.container.env.backupDir ?? defaultBackupDirectory(this.container.db);
	}
}
