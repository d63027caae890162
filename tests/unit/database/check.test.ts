import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, createMigration, writeSchemas } from '#core/database/migrate';
import { DEFAULT_LAYOUT, migrationNames, migrationsDir, renderSchema, type PrismaLayout } from '#core/database/schema';

/** A throw-away copy of prisma/ that the test can change. */
function copyLayout(): PrismaLayout {
	const root = mkdtempSync(join(tmpdir(), 'tika-check-'));
	cpSync(DEFAULT_LAYOUT.prismaDir, join(root, 'prisma'), { recursive: true });
	return { prismaDir: join(root, 'prisma') };
}

const EXTRA_MODEL = '\nmodel Reminder {\n  id     String   @id\n  userId String\n  dueAt  DateTime\n\n  @@index([dueAt])\n}\n';

describe('db:check', () => {
	const layouts: PrismaLayout[] = [];
	const layout = () => {
		const copy = copyLayout();
		layouts.push(copy);
		return copy;
	};
	afterAll(() => {
		for (const copy of layouts) rmSync(join(copy.prismaDir, '..'), { recursive: true, force: true });
	});

	test('the repository schemas and both migration folders agree with models.prisma', async () => {
		await expect(check()).resolves.toEqual({ ok: true, problems: [] });
	});

	test('a model added to models.prisma without regenerating is reported for both schemas and both migration folders', async () => {
		const copy = layout();
		appendFileSync(join(copy.prismaDir, 'models.prisma'), EXTRA_MODEL);
		const result = await check({ layout: copy });
		expect(result.ok).toBe(false);
		expect(result.problems).toEqual([
			expect.stringMatching(
				/sqlite\/schema\.prisma does not match the models \(prisma\/models\.prisma \+ src\/plugins\/\*\/models\.prisma\): run npm run db:generate/
			),
			expect.stringMatching(
				/postgres\/schema\.prisma does not match the models \(prisma\/models\.prisma \+ src\/plugins\/\*\/models\.prisma\): run npm run db:generate/
			),
			expect.stringMatching(
				/sqlite\/migrations do not produce the models \(prisma\/models\.prisma \+ src\/plugins\/\*\/models\.prisma\) \(CreateTable, CreateIndex\): run npm run db:new <name>/
			),
			expect.stringMatching(
				/postgres\/migrations do not produce the models \(prisma\/models\.prisma \+ src\/plugins\/\*\/models\.prisma\) \(CreateTable, CreateIndex\): run npm run db:new <name>/
			)
		]);
	});

	test('a migration present for one provider only is reported', async () => {
		const copy = layout();
		const [first] = migrationNames(copy, 'postgresql');
		rmSync(join(migrationsDir(copy, 'postgresql'), first!), { recursive: true });
		const result = await check({ layout: copy });
		expect(result.problems).toContainEqual(expect.stringContaining(`Migrations ${first} exist for sqlite but not for postgresql`));
	});

	test('db:new writes one migration per provider with the same name, after which the check passes', async () => {
		const copy = layout();
		appendFileSync(join(copy.prismaDir, 'models.prisma'), EXTRA_MODEL);
		const created = await createMigration('add reminders!', { layout: copy, now: new Date('2099-01-02T03:04:05Z') });
		expect(created?.name).toBe('20990102030405_add_reminders');
		for (const provider of ['sqlite', 'postgresql'] as const) {
			const sql = readFileSync(join(migrationsDir(copy, provider), created!.name, 'migration.sql'), 'utf8');
			expect(sql).toContain('CREATE TABLE "Reminder"');
			expect(sql).toContain('CREATE INDEX "Reminder_dueAt_idx"');
		}
		await expect(check({ layout: copy })).resolves.toEqual({ ok: true, problems: [] });
		// Running it again finds nothing to do and writes nothing.
		await expect(createMigration('again', { layout: copy })).resolves.toBeNull();
		expect(migrationNames(copy, 'sqlite').some((name) => name.endsWith('_again'))).toBe(false);
	});

	test('a line marked for one provider only lands in that provider schema alone', () => {
		const models = 'model A {\n  id String @id\n  note String @db.Text // only: postgresql\n}\n';
		expect(renderSchema(models, 'postgresql')).toContain('  note String @db.Text\n');
		expect(renderSchema(models, 'sqlite')).not.toContain('note');
	});

	test('writeSchemas rewrites only the provider schemas that are stale', () => {
		const copy = layout();
		expect(writeSchemas(copy)).toEqual([]);
		appendFileSync(join(copy.prismaDir, 'models.prisma'), EXTRA_MODEL);
		expect(writeSchemas(copy)).toHaveLength(2);
		expect(existsSync(join(copy.prismaDir, 'sqlite', 'schema.prisma'))).toBe(true);
	});
});
