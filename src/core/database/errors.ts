/**
 * Errors the data layer raises towards the bot. Every message is ONE line that names the problem and
 * the fix, with secrets redacted, because the entry point prints it as-is and exits: the operator
 * who misconfigured DATABASE_URL should not have to read a stack trace.
 */
export class DatabaseError extends Error {
	public override readonly name = 'DatabaseError';
	/** Short machine-readable reason (e.g. `ECONNREFUSED`, `28P01`, `MIGRATION_FAILED`) for callers and tests. */
	public readonly code: string;

	public constructor(message: string, code = 'DATABASE_ERROR', options?: { cause?: unknown }) {
		// Collapse whitespace: engine and driver messages sometimes span lines.
		super(message.replace(/\s*\n\s*/g, ' ').trim(), options);
		this.code = code;
	}
}

/**
 * Replaces the password of a connection URL with `***` so it can be logged. Non-URL input (a SQLite
 * `file:` path) is returned unchanged; unparsable input is masked after the scheme because it may
 * still carry a secret.
 */
export function redactUrl(url: string): string {
	if (url.startsWith('file:')) return url;
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString();
	} catch {
		// `scheme://user:secret@host` that URL refused to parse: blank everything between `:` and `@`.
		return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
	}
}

/** The first line of an unknown thrown value, for folding driver errors into one-line messages. */
export function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return (
		text
			.split('\n')
			.map((line) => line.trim())
			.find((line) => line.length > 0) ?? 'unknown error'
	);
}

/** The `code` property node and the drivers attach to errors (`ECONNREFUSED`, `28P01`, `SQLITE_CANTOPEN`...). */
export function errorCode(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'string') return code;
	// AggregateError from net.connect when every resolved address failed (IPv4 + IPv6 localhost).
	const nested = (error as { errors?: unknown }).errors;
	if (Array.isArray(nested)) return errorCode(nested[0]);
	return undefined;
}
