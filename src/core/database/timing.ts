import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable, Transaction } from '@prisma/driver-adapter-utils';
import { wrapAdapter } from './engine';

/** Receives every statement's round trip: its first keyword (select, insert, update, delete, other) and milliseconds. */
export type QueryObserver = (operation: string, ms: number) => void;

const OPERATIONS = new Set(['select', 'insert', 'update', 'delete']);

/** The statement's kind from its first keyword; anything else (BEGIN, PRAGMA, WITH …) is `other`. */
export function operationOf(sql: string): string {
	const match = /^\s*([A-Za-z]+)/.exec(sql);
	const word = match ? match[1]!.toLowerCase() : '';
	return OPERATIONS.has(word) ? word : 'other';
}

/**
 * Wraps a driver adapter factory so every statement Prisma sends (directly or inside a transaction) is timed. Only
 * installed when the metrics endpoint is on: with it off, the adapter is Prisma's own, untouched.
 */
export function timedAdapterFactory(factory: SqlDriverAdapterFactory, observe: QueryObserver): SqlDriverAdapterFactory {
	return {
		provider: factory.provider,
		adapterName: factory.adapterName,
		connect: async () => {
			const adapter = await factory.connect();
			return wrapAdapter<SqlDriverAdapter>(adapter, {
				...timedQueries(adapter, observe),
				startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => {
					const transaction = await adapter.startTransaction(...args);
					return wrapAdapter<Transaction>(transaction, timedQueries(transaction, observe));
				}
			});
		}
	};
}

function timedQueries(target: SqlQueryable, observe: QueryObserver): Pick<SqlQueryable, 'queryRaw' | 'executeRaw'> {
	const timed =
		<R>(run: (query: SqlQuery) => Promise<R>) =>
		async (query: SqlQuery): Promise<R> => {
			const started = performance.now();
			try {
				return await run(query);
			} finally {
				observe(operationOf(query.sql), performance.now() - started);
			}
		};
	return { queryRaw: timed((query) => target.queryRaw(query)), executeRaw: timed((query) => target.executeRaw(query)) };
}
