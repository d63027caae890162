import { EventEmitter } from 'node:events';
import type { APIMessage } from 'discord-api-types/v10';
import type { InteractionRecord } from './interactions';

/**
 * What happens inside the double, as a stream anyone in the process can follow (the playground's page does, through
 * SSE). Three kinds, which together cover everything a Discord client would show:
 * - `dispatch`: every gateway event the double sends to the bot (MESSAGE_CREATE/UPDATE/DELETE, reactions, member and
 *   role changes...), once per event however many sessions it reached, with the payload as sent;
 * - `message`: every message stored, ephemeral ones included (those are never dispatched, as on Discord);
 * - `interaction`: an interaction changed: the bot answered it (reply, deferral, modal, autocomplete choices), edited or
 *   deleted its response, or sent a follow-up.
 */
export interface DoubleEventMap {
	dispatch: [event: string, data: unknown];
	message: [message: APIMessage];
	interaction: [record: InteractionRecord];
}

export class DoubleEvents extends EventEmitter<DoubleEventMap> {
	public constructor() {
		super();
		// Many pages (and tests) may follow the stream at once; none of them is a leak.
		this.setMaxListeners(0);
	}
}
