import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ListenerErrorPayload } from '@sapphire/framework';

/**
 * A listener threw. There is nobody to answer, so this only logs; it replaces Sapphire's default (switched off with
 * `loadDefaultErrorListeners: false` so command errors are not logged twice) and must never throw itself.
 */
@ApplyOptions<Listener.Options>({ event: Events.ListenerError })
export class ListenerErrorListener extends Listener<typeof Events.ListenerError> {
	public override run(error: unknown, { piece }: ListenerErrorPayload) {
		this.container.logger.error(`[listener] "${piece.name}" failed on event "${String(piece.event)}" (${piece.location.full})`, error);
	}
}
