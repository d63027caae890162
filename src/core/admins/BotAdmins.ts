import type { PrismaClient } from '#core/database/index';

/** One row of the `BotAdmin` table. */
export interface BotAdminEntry {
	userId: string;
	addedBy: string;
	createdAt: Date;
}

/** Where bot admins are kept; Prisma in production, a plain array in unit tests. */
export interface BotAdminRepository {
	findAll(): Promise<BotAdminEntry[]>;
	create(entry: { userId: string; addedBy: string }): Promise<BotAdminEntry>;
	delete(userId: string): Promise<void>;
}

export type BotAdminErrorCode = 'already-owner' | 'already-admin' | 'owner-not-removable' | 'not-admin';

/** A rule of the admin list was broken; `message` is written for the person who ran the command. */
export class BotAdminError extends Error {
	public override readonly name = 'BotAdminError';

	public constructor(
		public readonly code: BotAdminErrorCode,
		message: string
	) {
		super(message);
	}
}

export interface BotAdminsList {
	/** BOT_OWNERS, in the order given. */
	owners: readonly string[];
	/** Database admins, oldest first. */
	admins: readonly BotAdminEntry[];
}

/**
 * Who may operate this Tika instance. Owners come from BOT_OWNERS and can only change by editing the
 * environment; admins are granted by owners and live in the database. Owners are admins too. Neither has
 * anything to do with a server's own permissions: a guild owner is nobody here unless listed.
 *
 * Admin checks run on every operator command, so the table is read once and kept in memory; every change
 * goes to the database first and only then to the cache, so a failed write never leaves a phantom admin.
 */
export class BotAdmins {
	readonly #owners: () => readonly string[];
	readonly #repository: BotAdminRepository;
	#cache: Map<string, BotAdminEntry> | null = null;
	#loading: Promise<Map<string, BotAdminEntry>> | null = null;

	/** @param owners read on every call, so a test or a config reload that changes BOT_OWNERS is seen at once. */
	public constructor(owners: () => readonly string[], repository: BotAdminRepository) {
		this.#owners = owners;
		this.#repository = repository;
	}

	public static withPrisma(owners: () => readonly string[], prisma: PrismaClient): BotAdmins {
		return new BotAdmins(owners, prismaBotAdminRepository(prisma));
	}

	public isOwner(userId: string): boolean {
		return this.#owners().includes(userId);
	}

	/** Owners, plus everyone an owner added. */
	public async isAdmin(userId: string): Promise<boolean> {
		if (this.isOwner(userId)) return true;
		return (await this.#load()).has(userId);
	}

	public async add(userId: string, by: string): Promise<BotAdminEntry> {
		if (this.isOwner(userId)) throw new BotAdminError('already-owner', 'They are a bot owner already, which outranks bot admin.');
		const admins = await this.#load();
		if (admins.has(userId)) throw new BotAdminError('already-admin', 'They are a bot admin already.');
		const entry = await this.#repository.create({ userId, addedBy: by });
		admins.set(userId, entry);
		return entry;
	}

	/** `by` is not checked here (the command's precondition decides who may call this); it names the actor in errors and logs. */
	public async remove(userId: string, by: string): Promise<BotAdminEntry> {
		if (this.isOwner(userId)) {
			throw new BotAdminError(
				'owner-not-removable',
				userId === by
					? 'You are a bot owner: that comes from BOT_OWNERS, not from me. Edit the environment to step down.'
					: 'Bot owners come from BOT_OWNERS and cannot be removed with a command.'
			);
		}
		const admins = await this.#load();
		const entry = admins.get(userId);
		if (!entry) throw new BotAdminError('not-admin', 'They are not a bot admin, so there is nothing to remove.');
		await this.#repository.delete(userId);
		admins.delete(userId);
		return entry;
	}

	public async list(): Promise<BotAdminsList> {
		const admins = [...(await this.#load()).values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
		return { owners: [...this.#owners()], admins };
	}

	/** Forgets the cache so the next check reads the table again (after someone edited it by hand). */
	public invalidate(): void {
		this.#cache = null;
		this.#loading = null;
	}

	#load(): Promise<Map<string, BotAdminEntry>> {
		if (this.#cache) return Promise.resolve(this.#cache);
		// Concurrent first checks share one query instead of each reading the table.
		this.#loading ??= this.#repository.findAll().then(
			(rows) => (this.#cache = new Map(rows.map((row) => [row.userId, row]))),
			(error: unknown) => {
				// A failed read must not stick: the next check retries instead of failing forever.
				this.#loading = null;
				throw error;
			}
		);
		return this.#loading;
	}
}

export function prismaBotAdminRepository(prisma: PrismaClient): BotAdminRepository {
	return {
		findAll: () => prisma.botAdmin.findMany(),
		create: (entry) => prisma.botAdmin.create({ data: entry }),
		delete: async (userId) => {
			await prisma.botAdmin.delete({ where: { userId } });
		}
	};
}
