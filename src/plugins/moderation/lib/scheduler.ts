import { container } from '@sapphire/framework';
import { releaseMember, setDetentionScheduledHook } from './detention';
import { processSingleton } from './singleton';

/** How often the database is checked for detentions coming due (and timers set for them). */
export const SWEEP_INTERVAL_MS = 30_000;
/** setTimeout is only used for releases due within this window; later ones are picked up by a sweep. */
const TIMER_WINDOW_MS = SWEEP_INTERVAL_MS * 2;

/**
 * Timed releases. They live in the database (Detention.releaseAt), so they survive restarts: at start every overdue
 * detention is released at once and noted as late (it came due while the bot was offline); near ones get a
 * setTimeout; a sweep every 30 s picks up the rest. Releases run even where the moderation feature was switched off
 * since: nobody should stay jailed because a feature was toggled.
 */
export class DetentionScheduler {
	readonly #timers = new Map<number, NodeJS.Timeout>();
	#interval: NodeJS.Timeout | null = null;
	#startedAt = new Date();
	#running = false;
	#sweeping: Promise<void> | null = null;

	public get running(): boolean {
		return this.#running;
	}

	/** Starts the sweeps and releases everything overdue. Resolves after that first sweep. */
	public async start(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		this.#startedAt = new Date();
		setDetentionScheduledHook((detention) => this.schedule(detention.id, detention.releaseAt));
		this.#interval = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
		this.#interval.unref();
		await this.sweep();
		container.logger.debug('Moderation: detention release scheduler started');
	}

	public stop(): void {
		this.#running = false;
		setDetentionScheduledHook(null);
		if (this.#interval) clearInterval(this.#interval);
		this.#interval = null;
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
	}

	/** Sets a timer for one detention (no-op when one is set or it is too far away; the sweep will get it). */
	public schedule(id: number, releaseAt: Date): void {
		if (!this.#running || this.#timers.has(id)) return;
		const delay = releaseAt.getTime() - Date.now();
		if (delay > TIMER_WINDOW_MS) return;
		const timer = setTimeout(
			() => {
				this.#timers.delete(id);
				void this.releaseOne(id);
			},
			Math.max(0, delay)
		);
		timer.unref();
		this.#timers.set(id, timer);
	}

	/** Releases what is overdue and sets timers for what comes due before the next sweep. */
	public sweep(): Promise<void> {
		this.#sweeping ??= this.#sweep().finally(() => (this.#sweeping = null));
		return this.#sweeping;
	}

	async #sweep(): Promise<void> {
		try {
			const horizon = new Date(Date.now() + TIMER_WINDOW_MS);
			const due = await container.prisma.detention.findMany({
				where: { releasedAt: null, releaseAt: { not: null, lte: horizon } },
				select: { id: true, releaseAt: true },
				orderBy: { releaseAt: 'asc' }
			});
			const now = Date.now();
			const overdue = due.filter((row) => row.releaseAt!.getTime() <= now);
			for (const row of due) if (row.releaseAt!.getTime() > now) this.schedule(row.id, row.releaseAt!);
			for (const row of overdue) {
				if (!this.#running) return;
				await this.releaseOne(row.id);
			}
		} catch (error) {
			container.logger.warn(`Moderation: detention sweep failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
		}
	}

	/** Releases one detention if it is still active and due; late when it came due before this process started. */
	public async releaseOne(id: number): Promise<void> {
		if (!this.#running || container.lifecycle?.closing) return;
		try {
			const row = await container.prisma.detention.findUnique({ where: { id } });
			if (!row || row.releasedAt || !row.releaseAt) return;
			if (row.releaseAt.getTime() > Date.now()) return this.schedule(id, row.releaseAt);
			const guild = container.client.guilds.cache.get(row.guildId);
			if (!guild) return; // Not in that server (now): the next sweep tries again.
			const late = row.releaseAt.getTime() < this.#startedAt.getTime();
			const result = await releaseMember(guild, row.userId, { moderatorId: container.client.user!.id, late, source: 'timer' });
			if (!result.ok) container.logger.warn(`Moderation: timed release of ${row.userId} in ${row.guildId} failed: ${result.reason}`);
		} catch (error) {
			container.logger.warn(
				`Moderation: timed release #${id} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
			);
		}
	}
}

export const detentionScheduler = processSingleton('scheduler', () => new DetentionScheduler());
