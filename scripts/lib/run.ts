/**
 * The end of every script: exit with main's code; a failure prints ONE redacted line (`name: reason`), never a stack
 * trace, because the person running the tool needs the problem and its fix, not the call chain.
 */
import { DatabaseError } from '../../src/core/database/errors';
import { StartupError } from '../../src/core/errors';
import { redact } from '../../src/core/logging/redact';

export function runMain(name: string, main: () => Promise<number>): void {
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			const line =
				error instanceof StartupError
					? error.toLine()
					: error instanceof DatabaseError
						? error.message
						: String((error as Error)?.message ?? error);
			console.error(redact(`${name}: ${line.split('\n')[0]}`));
			process.exit(1);
		}
	);
}
