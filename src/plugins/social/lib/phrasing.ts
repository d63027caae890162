import { ACTION_NAMES, ACTIONS, type ActionName } from './actions';

/** 1 → "once", 2 → "twice", 12 → "12 times", 1234 → "1,234 times". */
export function timesText(count: number): string {
	const n = Math.max(0, Math.floor(Number.isFinite(count) ? count : 0));
	if (n === 1) return 'once';
	if (n === 2) return 'twice';
	return `${n.toLocaleString('en-US')} times`;
}

/**
 * The pair counter under every action: "Alice has hugged Bob 12 times." The first time reads as a milestone rather
 * than as "once", which would sound like a complaint.
 */
export function counterLine(action: ActionName, actor: string, target: string, count: number): string {
	const { past } = ACTIONS[action];
	if (count <= 1) return `That is the first time ${actor} has ${past} ${target}.`;
	return `${actor} has ${past} ${target} ${timesText(count)}.`;
}

/** What the picture's caption and the attachment's alt text say: "Alice hugs Bob". */
export function caption(action: ActionName, actor: string, target: string): string {
	return `${actor} ${ACTIONS[action].third} ${target}`;
}

/** One stored counter row, as the stats queries return them. */
export interface PairCount {
	fromId: string;
	toId: string;
	action: string;
	count: number;
}

export interface Partner {
	userId: string;
	given: number;
	received: number;
	total: number;
}

/** Totals per action, in the table's order, actions never done left out (unknown actions from old rows too). */
export function totalsByAction(rows: readonly Pick<PairCount, 'action' | 'count'>[]): [ActionName, number][] {
	const totals = new Map<string, number>();
	for (const row of rows) totals.set(row.action, (totals.get(row.action) ?? 0) + row.count);
	return ACTION_NAMES.filter((name) => (totals.get(name) ?? 0) > 0).map((name) => [name, totals.get(name)!]);
}

/**
 * The members `userId` exchanged the most actions with, both directions summed; ties go to the lower id so the list
 * is stable. Rows where `userId` acted on themself never exist (self-targets are refused), but are ignored anyway.
 */
export function topPartners(userId: string, given: readonly PairCount[], received: readonly PairCount[], limit = 5): Partner[] {
	const partners = new Map<string, Partner>();
	const entry = (id: string) => {
		let partner = partners.get(id);
		if (!partner) partners.set(id, (partner = { userId: id, given: 0, received: 0, total: 0 }));
		return partner;
	};
	for (const row of given) if (row.toId !== userId) entry(row.toId).given += row.count;
	for (const row of received) if (row.fromId !== userId) entry(row.fromId).received += row.count;
	for (const partner of partners.values()) partner.total = partner.given + partner.received;
	return [...partners.values()].sort((a, b) => b.total - a.total || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)).slice(0, limit);
}
