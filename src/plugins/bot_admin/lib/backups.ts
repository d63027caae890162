/**
 * `/backup list` as text: Tika's backups in the backup folder, newest first, with their size and age. Only files named
 * like Tika's backups count (what retention manages); an operator's own copies in the folder are not listed.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes, isBackupName } from '#core/backup/index';

export interface BackupFile {
	name: string;
	bytes: number;
	modifiedAt: Date;
}

/** How many backups the list shows (an embed description holds about 4,000 characters; each line takes ~80). */
export const LISTED_BACKUPS = 15;

/** Tika's backups in `directory`, newest first; none when the folder does not exist yet. */
export async function listBackups(directory: string): Promise<BackupFile[]> {
	let names: string[];
	try {
		names = (await readdir(directory)).filter(isBackupName);
	} catch (error) {
		if ((error as { code?: string }).code === 'ENOENT') return [];
		throw error;
	}
	const files = await Promise.all(
		names.map(async (name) => {
			const info = await stat(join(directory, name));
			return { name, bytes: info.size, modifiedAt: info.mtime };
		})
	);
	// The names sort by the time they were taken (UTC in the name), which a copied file's mtime may not.
	return files.sort((a, b) => b.name.localeCompare(a.name));
}

export function backupListText(files: readonly BackupFile[], directory: string): string {
	if (files.length === 0) return `No backups in \`${directory}\` yet. Take one with \`/backup now\`.`;
	const lines = files
		.slice(0, LISTED_BACKUPS)
		.map((file) => `• \`${file.name}\` · ${formatBytes(file.bytes)} · <t:${Math.floor(file.modifiedAt.getTime() / 1000)}:R>`);
	const more = files.length > LISTED_BACKUPS ? `\n…and ${files.length - LISTED_BACKUPS} older.` : '';
	const total = formatBytes(files.reduce((sum, file) => sum + file.bytes, 0));
	return `${lines.join('\n')}${more}\n\n${files.length} backup(s), ${total}, in \`${directory}\`. Restore one with \`npm run db:restore -- <file>\` while Tika is stopped.`;
}
