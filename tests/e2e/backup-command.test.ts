import type { APIEmbed } from 'discord.js';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBackupName } from '#core/backup/index';
import type { UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

function textOf(embed: APIEmbed | undefined): string {
	return [embed?.title, embed?.description].filter(Boolean).join('\n');
}

describe('/backup now|list (bot owners)', () => {
	let bot: TestBot;
	let root: string;
	let dir: string;
	const backups = () => (existsSync(dir) ? readdirSync(dir).filter(isBackupName).sort() : []);

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'tika-backup-command-'));
		dir = join(root, 'backups');
		bot = await startTestBot({ env: { backupDir: dir } });
	});
	afterAll(async () => {
		await bot?.stop();
		rmSync(root, { recursive: true, force: true });
	});

	async function run(user: UserHandle, subcommand: 'now' | 'list') {
		const handle = await bot.double.slashCommand({ channel: bot.general, user, name: 'backup', subcommand });
		const reply = await handle.reply();
		return { text: textOf(reply.embeds?.[0]), ephemeral: await handle.isEphemeral() };
	}

	it('GIVEN bob is not a bot owner WHEN he runs /backup now or list THEN he is refused privately and no backup is taken', async () => {
		for (const subcommand of ['now', 'list'] as const) {
			const { text, ephemeral } = await run(bot.bob, subcommand);
			expect(ephemeral).toBe(true);
			expect(text).toMatch(/bot owners/i);
		}
		expect(existsSync(dir)).toBe(false);
	});

	it('GIVEN no backup yet WHEN the owner runs /backup list THEN it says so and how to take one', async () => {
		const { text, ephemeral } = await run(bot.owner, 'list');
		expect(ephemeral).toBe(true);
		expect(text).toContain(`No backups in \`${dir}\` yet. Take one with \`/backup now\`.`);
	});

	it('GIVEN the owner runs /backup now THEN a backup file appears and the private reply names it with its size', async () => {
		const { text, ephemeral } = await run(bot.owner, 'now');
		expect(ephemeral).toBe(true);
		const files = backups();
		expect(files).toHaveLength(1);
		const file = join(dir, files[0]!);
		expect(files[0]).toMatch(bot.databaseUrl.startsWith('file:') ? /\.db$/ : /\.dump$/);
		expect(text).toContain('Backup taken');
		expect(text).toContain(`\`${file}\``);
		expect(text).toMatch(/\d+(\.\d)? (B|KB|MB) in \d+ ms\./);
		expect(statSync(file).size).toBeGreaterThan(0);
		// The deferred reply is completed by editing @original: it pings nobody.
		expect(bot.double.requestsTo('PATCH', '/webhooks/:app/:token/messages/@original').at(-1)!.body).toMatchObject({
			allowed_mentions: { parse: [] }
		});
	});

	it('GIVEN two backups WHEN the owner runs /backup list THEN both are listed newest first with size, age and how to restore', async () => {
		await run(bot.owner, 'now');
		const files = backups();
		expect(files).toHaveLength(2);
		const { text } = await run(bot.owner, 'list');
		const [newest, oldest] = [files[1]!, files[0]!];
		expect(text.indexOf(newest)).toBeGreaterThan(-1);
		expect(text.indexOf(newest)).toBeLessThan(text.indexOf(oldest));
		expect(text).toMatch(/• `tika-.*` · \d+(\.\d)? (B|KB|MB) · <t:\d+:R>/);
		expect(text).toContain(`2 backup(s)`);
		expect(text).toContain('npm run db:restore -- <file>');
	});

	it('GIVEN the backup folder is unusable WHEN the owner runs /backup now THEN the reason is shown, nothing is written, and the bot keeps answering', async () => {
		rmSync(dir, { recursive: true, force: true });
		writeFileSync(dir, 'a file where the folder should be');
		const { text, ephemeral } = await run(bot.owner, 'now');
		expect(ephemeral).toBe(true);
		expect(text).toContain('**The backup failed**');
		expect(text).toContain(`Cannot create the backup folder ${dir}`);
		expect(bot.logs.some((line) => line.includes("'s backup failed: Cannot create the backup folder"))).toBe(true);
		const ping = await bot.double.slashCommand({ channel: bot.general, user: bot.alice, name: 'ping' });
		expect(await ping.reply()).toBeDefined();
	});
});
