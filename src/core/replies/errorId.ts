import { randomBytes } from 'node:crypto';

/** What an error id looks like: 8 lowercase hex characters. */
export const ERROR_ID_PATTERN = /^[0-9a-f]{8}$/;

/**
 * A short id tying a user's "something broke" reply to the log entry holding the stack. Eight hex characters are
 * short enough to read out in a support channel, and 2^32 values make two errors of the same day sharing one unlikely.
 */
export function createErrorId(): string {
	return randomBytes(4).toString('hex');
}
