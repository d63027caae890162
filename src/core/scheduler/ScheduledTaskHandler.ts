import { Piece } from '@sapphire/framework';
import type { ScheduledTask, TaskContext, TaskOutcome } from './types';

/**
 * A handler for one kind of scheduled task: a piece in a plugin's `scheduled-tasks/` folder. Its name (the file name)
 * is the task `kind`, so name it after the plugin's domain (`reminderDue`, `detentionRelease`). The scheduler only
 * claims tasks whose handler is loaded: a task of an unloaded plugin waits in the database until the plugin is back.
 *
 * ```ts
 * export class ReminderDue extends ScheduledTaskHandler<{ reminderId: number }> {
 * 	public override async run(task, { nonce }) {
 * 		await channel.send({ content: '…', nonce, enforceNonce: true });
 * 	}
 * }
 * ```
 */
export abstract class ScheduledTaskHandler<P = unknown, Options extends Piece.Options = Piece.Options> extends Piece<Options, 'scheduled-tasks'> {
	public abstract run(task: ScheduledTask<P>, context: TaskContext): Promise<TaskOutcome> | TaskOutcome;

	/**
	 * Optional: called once with every task of this kind claimed in the same round, before their runs start, so that a
	 * burst (1,000 reminders due in one second) reads what its runs need in one query instead of one per run. Keep what
	 * it reads only for those runs; `run` must still work without it (a failure here is logged and the runs go ahead).
	 */
	public prepare?(tasks: readonly ScheduledTask<P>[]): Promise<void> | void;

	public override onLoad() {
		this.container.schedule?.poke();
		return super.onLoad();
	}
}

// eslint-disable-next-line @typescript-eslint/no-namespace -- Sapphire's convention for piece options (Command.Options, Listener.Options).
export namespace ScheduledTaskHandler {
	export type Options = Piece.Options;
}
