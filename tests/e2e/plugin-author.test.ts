import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { validatePluginSettings } from '#core/config/loader';
import { check, createMigration, deploy } from '#core/database/migrate';
import { DEFAULT_LAYOUT, expectedSchemas, migrationsDir, PROVIDERS, type PrismaLayout } from '#core/database/schema';
import { PluginManager } from '#core/plugins/PluginManager';
import { StartupError } from '#core/errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestBot, type TestBot } from '../support/harness';

/**
 * The promise of docs/plugins.md, kept: a plugin with a model, personality lines, a config section and an image is one
 * folder (tests/support/fixtures/plugin-author/fx_guestbook). Its model is joined by the same generator step that joins
 * the shipped plugins', its migration is written by `db:new`, and the running bot speaks its lines, reads its settings
 * and posts its image, with no file outside the folder edited.
 */
const AUTHOR_ROOT = join(__dirname, '../support/fixtures/plugin-author');
const FOLDER = join(AUTHOR_ROOT, 'fx_guestbook');
const SHIPPED_ROOT = join(__dirname, '../../src/plugins');

/** The plugin's own lines for a tier, as written in its personality.yml. */
function linesOf(tier: string): string[] {
	const table = parseDocument(readFileSync(join(FOLDER, 'personality.yml'), 'utf8')).toJS() as Record<string, Record<string, string[]>>;
	return table.signed![tier]!;
}

function pixelOf(image: Image, x: number, y: number): number[] {
	const canvas = createCanvas(image.width, image.height);
	const ctx = canvas.getContext('2d');
	ctx.drawImage(image, 0, 0);
	return [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)];
}

describe('a plugin written by the guide, in one folder', () => {
	let root: string;
	let layout: PrismaLayout;
	let migration: string;
	let database: TestDatabase;
	let bot: TestBot;

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'tika-author-'));
		cpSync(DEFAULT_LAYOUT.prismaDir, join(root, 'prisma'), { recursive: true });
		layout = { prismaDir: join(root, 'prisma'), pluginRoots: [SHIPPED_ROOT, AUTHOR_ROOT] };
		const created = await createMigration('add fx_guestbook', { layout });
		migration = created!.name;
		database = await createTestDatabase();
		await deploy(database.url, { layout });
		bot = await startTestBot({
			databaseUrl: database.url,
			pluginPaths: [AUTHOR_ROOT],
			config: (config) => {
				config.plugins = { ...config.plugins, settings: { fx_guestbook: { title: 'Visitors', max_length: 40 } } };
			}
		});
	});
	afterAll(async () => {
		await bot?.stop();
		await database?.cleanup();
		rmSync(root, { recursive: true, force: true });
	});

	test('GIVEN its models.prisma THEN the generator joins it into both schemas, and db:new writes a migration creating only its table', async () => {
		const schemas = expectedSchemas(layout);
		for (const provider of PROVIDERS) {
			expect(schemas[provider]).toContain('// ==== plugin fx_guestbook:');
			expect(schemas[provider]).toContain('model FxGuestbookEntry {');
			const sql = readFileSync(join(migrationsDir(layout, provider), migration, 'migration.sql'), 'utf8');
			expect(sql.match(/CREATE TABLE "(\w+)"/g)).toEqual(['CREATE TABLE "FxGuestbookEntry"']);
			expect(sql).toContain('CREATE INDEX "FxGuestbookEntry_guildId_idx"');
			expect(sql).not.toMatch(/DROP|ALTER/);
		}
		await expect(check({ layout })).resolves.toEqual({ ok: true, problems: [] });
	});

	test('GIVEN /guestbook sign THEN the entry is stored, Tika answers with a line from its personality.yml and posts its card', async () => {
		const run = await bot.double.slashCommand({
			channel: bot.general,
			user: bot.alice,
			name: 'guestbook',
			subcommand: 'sign',
			options: { text: 'hello from alice' }
		});
		const reply = await run.reply();
		const allowed = [...linesOf('base'), ...linesOf('repeated'), ...linesOf('frustrated')].map((line) => line.replace('{entries}', '1'));
		expect(allowed).toContain(reply.content);

		const upload = bot.double.requests.filter((entry) => entry.path.includes(run.token) && entry.files.length > 0).at(-1)!;
		expect(upload.files[0]!.filename).toBe('guestbook.png');
		const image = await loadImage(upload.files[0]!.bytes);
		expect([image.width, image.height]).toEqual([480, 140]);

		// The plugin's own assets/stamp.png (a pink disc) is drawn at the card's right edge.
		expect(pixelOf(image, 480 - 96 + 8, 38 + 32)).toEqual([0xff, 0x66, 0xaa]);

		const rows = await bot.instance.database.prisma.$queryRawUnsafe<{ text: string; userId: string }[]>(
			'SELECT "text", "userId" FROM "FxGuestbookEntry"'
		);
		expect(rows).toEqual([{ text: 'hello from alice', userId: bot.alice.id }]);
	});

	test('GIVEN its config section sets max_length 40 THEN a longer entry is refused in character and nothing is stored', async () => {
		const run = await bot.double.slashCommand({
			channel: bot.general,
			user: bot.bob,
			name: 'guestbook',
			subcommand: 'sign',
			options: { text: 'x'.repeat(41) }
		});
		const reply = await run.reply();
		expect(reply.flags! & 64).toBe(64);
		expect(JSON.stringify(reply.embeds)).toContain('An entry is 1 to 40 characters.');
		const count = await bot.double.slashCommand({ channel: bot.general, user: bot.bob, name: 'guestbook', subcommand: 'count' });
		expect((await count.reply()).content).toBe('The guestbook has 1 entries.');
	});

	test('GIVEN a bad value or a misspelt section for it in config.yml THEN the start-up stops with one line naming the key', () => {
		const plugins = PluginManager.fromDirectory([SHIPPED_ROOT, AUTHOR_ROOT]).list();
		const attempt = (settings: Record<string, Record<string, unknown>>) => {
			try {
				validatePluginSettings({ source: 'config.yml', plugins: { ...bot.config.plugins, settings } }, plugins);
			} catch (error) {
				expect(error).toBeInstanceOf(StartupError);
				return (error as StartupError).toLine();
			}
			throw new Error('expected a refusal');
		};
		expect(attempt({ fx_guestbook: { max_length: 0 } })).toMatch(
			/^config\.yml: plugins\.settings\.fx_guestbook\.max_length must be a whole number of characters from 1 to 200 \(got 0\)\. /
		);
		expect(attempt({ fx_guestbok: {} })).toMatch(
			/^config\.yml: unknown plugin section plugins\.settings\.fx_guestbok \(did you mean fx_guestbook\?\)/
		);
	});
});
