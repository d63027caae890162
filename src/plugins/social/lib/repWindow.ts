/**
 * Reputation's daily limit is a rolling 24 hours per giver and guild, not a calendar day: the same for every time
 * zone, and no "give at 23:59 and again at 00:01". The database claim (reputation.ts) uses the same cut-off.
 */
export const REP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Gifts at or before this instant no longer block a new one. */
export function repCutoff(now: number): Date {
	return new Date(now - REP_WINDOW_MS);
}

/** When a giver whose last gift was at `lastGivenAt` may give again. */
export function nextRepAt(lastGivenAt: Date): Date {
	return new Date(lastGivenAt.getTime() + REP_WINDOW_MS);
}
