import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type InteractionHandlerError } from '@sapphire/framework';
import { answerHandlerError } from '#core/replies/respond';

/** A button, select menu or modal handler threw: error id to the user (so it never shows "interaction failed"), stack to the log. */
@ApplyOptions<Listener.Options>({ event: Events.InteractionHandlerError })
export class InteractionHandlerErrorListener extends Listener<typeof Events.InteractionHandlerError> {
	public override run(error: unknown, { interaction, handler }: InteractionHandlerError) {
		return answerHandlerError(error, interaction, handler.name, 'run');
	}
}
