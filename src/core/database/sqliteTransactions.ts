import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { wrapAdapter } from './engine';

/**
 * Keeps SQLite's interactive transactions to themselves. Prisma's better-sqlite3 adapter holds one connection: it
 * orders transactions among themselves, but a statement sent outside a transaction (an XP flush, a settings read) while
 * one is open runs on that same connection, inside it: it sees the transaction's uncommitted rows, and is undone with
 * it when it rolls back. This wrapper makes such statements wait until the open transaction commits or rolls back.
 * better-sqlite3 runs a statement synchronously as it is sent, so nothing else can slip in between the wait and it.
 * PostgreSQL needs none of this (a pool: each transaction has its own connection).
 */
export function isolatedTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
	return {
		provider: factory.provider,
		adapterName: factory.adapterName,
		connect: async () => {
			const adapter = await factory.connect();
			/** Settles when the transaction that holds the connection ends; null when none is open. */
			let held: Promise<void> | null = null;
			const outside =
				<R>(run: (query: SqlQuery) => Promise<R>) =>
				async (query: SqlQuery): Promise<R> => {
					while (held) await held;
					return run(query);
				};
			return wrapAdapter<SqlDriverAdapter>(adapter, {
				queryRaw: outside((query) => adapter.queryRaw(query)),
				executeRaw: outside((query) => adapter.executeRaw(query)),
				executeScript: async (script: string) => {
					while (held) await held;
					return adapter.executeScript(script);
				},
				startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => {
					while (held) await held;
					let end!: () => void;
					held = new Promise<void>((resolve) => (end = resolve));
					const release = () => {
						held = null;
						end();
					};
					let transaction: Transaction;
					try {
						transaction = await adapter.startTransaction(...args);
					} catch (error) {
						release();
						throw error;
					}
					const ending = (finish: () => Promise<void>) => async () => {
						try {
							await finish();
						} finally {
							release();
						}
					};
					return wrapAdapter<Transaction>(transaction, {
						commit: ending(() => transaction.commit()),
						rollback: ending(() => transaction.rollback())
					});
				}
			});
		}
	};
}
