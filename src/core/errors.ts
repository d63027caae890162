/**
 * A failure at start-up that the person running the bot can fix without reading code: a missing token, a broken
 * config.yml, an unreachable database. The entry point prints {@link StartupError.toLine} and exits 1 with no stack
 * trace, because a stack trace buries the one sentence that matters under frames the reader cannot act on.
 */
export class StartupError extends Error {
	public override readonly name: string = 'StartupError';

	/**
	 * @param message What is wrong, as one sentence without a trailing period (e.g. `DISCORD_TOKEN is not set`).
	 * @param hint What to do about it (e.g. `Copy .env.example to .env and paste your bot token`).
	 */
	public constructor(
		message: string,
		public readonly hint: string,
		options?: ErrorOptions
	) {
		super(message, options);
	}

	/** The single line shown to the user: `"<problem>. <fix>"`. */
	public toLine(): string {
		const problem = this.message.replace(/[.\s]+$/, '');
		return this.hint ? `${problem}. ${this.hint}` : problem;
	}

	public static is(error: unknown): error is StartupError {
		return error instanceof StartupError;
	}
}
