import { container } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import { buildCaseEmbed } from './caseEmbed';
import { KeyedMutex } from './mutex';
import { getSettings } from './settings';
import { processSingleton } from './singleton';

export type CaseAction = 'detention_put' | 'detention_release' | 'filter_hit' | 'filter_detain' | 'clear' | (string & {});

export interface NewCase {
	guildId: string;
	action: CaseAction;
	targetId?: string | null;
	moderatorId: string;
	reason?: string | null;
	details?: Record<string, unknown>;
}

export interface CaseRecord {
	guildId: string;
	number: number;
	action: string;
	targetId: string | null;
	moderatorId: string;
	reason: string | null;
	details: Record<string, unknown> | null;
	createdAt: Date;
}

/** Longest reason stored (Discord's own audit-log reason limit). */
export const MAX_REASON_LENGTH = 512;

const allocation = processSingleton('caseAllocation', () => new KeyedMutex());

/**
 * Allocates the guild's next case number atomically, stores the case and posts it to the mod-log channel
 * (if set; failures to post are logged, never thrown).
 *
 * Numbers never repeat or skip: allocation and insert happen in one transaction (a failed insert rolls the counter
 * back), and calls for the same guild are queued in memory first, so concurrent actions never contend on the database.
 */
export async function createCase(input: NewCase): Promise<CaseRecord> {
	const record = await storeCase(input);
	await postCase(record);
	return record;
}

/** Stores a case without posting it (the allocation half of {@link createCase}). */
export function storeCase(input: NewCase): Promise<CaseRecord> {
	const reason = input.reason?.trim() ? input.reason.trim().slice(0, MAX_REASON_LENGTH) : null;
	return allocation.run(input.guildId, () =>
		container.prisma.$transaction(async (tx) => {
			const counter = await tx.modCaseCounter.upsert({
				where: { guildId: input.guildId },
				create: { guildId: input.guildId, last: 1 },
				update: { last: { increment: 1 } }
			});
			const row = await tx.modCase.create({
				data: {
					guildId: input.guildId,
					number: counter.last,
					action: input.action,
					targetId: input.targetId ?? null,
					moderatorId: input.moderatorId,
					reason,
					details: (input.details ?? undefined) as never
				}
			});
			return toRecord(row);
		})
	);
}

/** Posts a stored case to the guild's mod-log channel and remembers the message id. Never throws. */
export async function postCase(record: CaseRecord, guild?: Guild | null): Promise<string | null> {
	try {
		const { modLogChannelId } = await getSettings(record.guildId);
		if (!modLogChannelId) return null;
		const resolvedGuild = guild ?? container.client.guilds.cache.get(record.guildId);
		const channel =
			resolvedGuild?.channels.cache.get(modLogChannelId) ?? (await container.client.channels.fetch(modLogChannelId).catch(() => null));
		if (!channel?.isSendable()) {
			container.logger.warn(
				`Moderation: mod-log channel ${modLogChannelId} of guild ${record.guildId} is gone or not writable (case #${record.number})`
			);
			return null;
		}
		const message = await channel.send({ embeds: [buildCaseEmbed(record)], allowedMentions: { parse: [] } });
		await container.prisma.modCase
			.update({ where: { guildId_number: { guildId: record.guildId, number: record.number } }, data: { logMessageId: message.id } })
			.catch(() => undefined);
		return message.id;
	} catch (error) {
		container.logger.warn(`Moderation: could not post case #${record.number} of guild ${record.guildId} to the mod log: ${describe(error)}`);
		return null;
	}
}

export async function getCase(guildId: string, number: number): Promise<CaseRecord | null> {
	const row = await container.prisma.modCase.findUnique({ where: { guildId_number: { guildId, number } } });
	return row ? toRecord(row) : null;
}

/** Newest first; `targetId` narrows to one member. */
export async function listCases(guildId: string, targetId?: string | null, limit = 1_000): Promise<CaseRecord[]> {
	const rows = await container.prisma.modCase.findMany({
		where: { guildId, ...(targetId ? { targetId } : {}) },
		orderBy: { number: 'desc' },
		take: limit
	});
	return rows.map(toRecord);
}

interface CaseRow {
	guildId: string;
	number: number;
	action: string;
	targetId: string | null;
	moderatorId: string;
	reason: string | null;
	details: unknown;
	createdAt: Date;
}

function toRecord(row: CaseRow): CaseRecord {
	const details = row.details && typeof row.details === 'object' && !Array.isArray(row.details) ? (row.details as Record<string, unknown>) : null;
	return {
		guildId: row.guildId,
		number: row.number,
		action: row.action,
		targetId: row.targetId,
		moderatorId: row.moderatorId,
		reason: row.reason,
		details,
		createdAt: row.createdAt
	};
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
