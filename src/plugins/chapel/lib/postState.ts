/**
 * The life of a message on one chapel, as a pure state machine: given where the post stands and the count now, what
 * to do. The engine runs it once per (chapel, message) flush, serialised per message, so one decision is acted on at a
 * time and a post is never sent twice.
 *
 * ```
 *            count ≥ threshold                 count < keep (remove)
 *   none ─────────────────────▶ posted ─────────────────────────────▶ removed ──┐
 *                                 ▲  │ count < keep (freeze)                    │ count ≥ threshold:
 *                  count ≥ keep   │  ▼                                          │ posted again (same row)
 *                               frozen                                          │
 *                                 posted ◀──────────────────────────────────────┘
 *   withdrawn (the author or a moderator took it off) and deleted (the source is gone) are final.
 * ```
 */
import type { BelowKeep } from './rules';

export type PostStatus = 'none' | 'posted' | 'frozen' | 'removed' | 'withdrawn' | 'deleted';
export const POST_STATUSES: readonly PostStatus[] = ['none', 'posted', 'frozen', 'removed', 'withdrawn', 'deleted'];

export type PostAction = 'post' | 'update' | 'remove' | 'freeze' | 'unfreeze' | 'none';

export interface PostSituation {
	status: PostStatus;
	count: number;
	threshold: number;
	/** Already resolved (see keepOf): 0 keeps every post whatever its count. */
	keep: number;
	belowKeep: BelowKeep;
	/** Sent by a moderator ("Send to Chapel"): on the chapel whatever its count. */
	forced: boolean;
	/** The message may be on this chapel at all (rules.messageIneligibility is null). */
	eligible: boolean;
}

export function decide(situation: PostSituation): PostAction {
	const { status, count, threshold, keep, belowKeep, forced, eligible } = situation;
	if (status === 'withdrawn' || status === 'deleted') return 'none';
	const onChapel = status === 'posted' || status === 'frozen';
	if (!eligible) return onChapel ? 'remove' : 'none';
	if (forced) {
		if (status === 'frozen') return 'unfreeze';
		return onChapel ? 'update' : 'post';
	}
	switch (status) {
		case 'none':
		case 'removed':
			return count >= threshold ? 'post' : 'none';
		case 'posted':
			if (count < keep) return belowKeep === 'freeze' ? 'freeze' : 'remove';
			return 'update';
		case 'frozen':
			return count >= keep ? 'unfreeze' : 'none';
	}
}

/** The status after an action succeeded. */
export function statusAfter(action: PostAction, before: PostStatus): PostStatus {
	switch (action) {
		case 'post':
		case 'unfreeze':
			return 'posted';
		case 'remove':
			return 'removed';
		case 'freeze':
			return 'frozen';
		case 'update':
		case 'none':
			return before;
	}
}
