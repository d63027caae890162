import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type InteractionHandlerParseError } from '@sapphire/framework';
import { answerHandlerError } from '#core/replies/respond';

/**
 * A handler's parse() threw. Sapphire then tries no other handler, so nobody would answer the interaction: reply
 * with an error id like a failed run would.
 */
@ApplyOptions<Listener.Options>({ event: Events.InteractionHandlerParseError })
export class InteractionHandlerParseErrorListener extends Listener<typeof Events.InteractionHandlerParseError> {
	public override run(error: unknown, { interaction, handler }: InteractionHandlerParseError) {
		return answerHandlerError(error, interaction, handler.name, 'parse');
	}
}
