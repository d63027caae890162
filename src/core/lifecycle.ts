/**
 * Shutdown hooks: what must happen before the process exits (flush buffered XP, close files...).
 * Plugins register here instead of listening to process signals themselves, so that the order
 * is deterministic and one slow hook cannot make another one miss its chance.
 */
export type ShutdownHook = () => unknown | Promise<unknown>;

export class Lifecycle {
	readonly #hooks: { name: string; run: ShutdownHook }[] = [];
	#closing: Promise<ShutdownReport> | null = null;

	/** True once shutdown has begun: event handlers use it to stop taking new work. */
	public get closing(): boolean {
		return this.#closing !== null;
	}

	/** Registers a hook; hooks run in reverse order of registration (last opened, first closed). Returns an unregister function. */
	public onShutdown(name: string, run: ShutdownHook): () => void {
		const entry = { name, run };
		this.#hooks.push(entry);
		return () => {
			const index = this.#hooks.indexOf(entry);
			if (index !== -1) this.#hooks.splice(index, 1);
		};
	}

	/** Runs every hook once (later calls get the same promise). Each hook's failure is collected, never thrown. */
	public shutdown(timeoutMs = 8_000): Promise<ShutdownReport> {
		this.#closing ??= this.#run(timeoutMs);
		return this.#closing;
	}

	async #run(timeoutMs: number): Promise<ShutdownReport> {
		const report: ShutdownReport = { completed: [], failed: [] };
		for (const hook of [...this.#hooks].reverse()) {
			let timer: NodeJS.Timeout | undefined;
			try {
				await Promise.race([
					Promise.resolve().then(hook.run),
					new Promise((_, reject) => {
						timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
					})
				]);
				report.completed.push(hook.name);
			} catch (error) {
				report.failed.push({ name: hook.name, error });
			} finally {
				clearTimeout(timer);
			}
		}
		return report;
	}
}

export interface ShutdownReport {
	completed: string[];
	failed: { name: string; error: unknown }[];
}
