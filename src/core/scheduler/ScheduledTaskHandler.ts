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

	public override onLoad() {
		this.container.schedule?.poke();
		return super.onLoad();
	}
}

// eslint-disable-next-line @typescript-eslint/no-namespace -- Sapphire's convention for piece options (Command.Options, Listener.Options).
export namespace ScheduledTaskHandler {
	export type Options = Piece.Options;
}
