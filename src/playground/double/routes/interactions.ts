import type { Core } from '../core';
import type { InteractionRegistry, InteractionResponseBody } from '../interactions';
import { obj, uploadedAttachments } from './shared';

/**
 * Interaction callbacks and the interaction webhook. None of these carry an Authorization
 * header (the token in the path is the credential), so they are registered with auth: false.
 */
export function registerInteractionRoutes(core: Core, interactions: InteractionRegistry): void {
	const { router } = core;
	const noAuth = { auth: false };

	router.post(
		'/interactions/:id/:token/callback',
		({ params, body, files, query }) => {
			const record = interactions.byId(params.id!, params.token!);
			const callback = obj(body) as unknown as InteractionResponseBody;
			const uploads = uploadedAttachments(core, record.channelId, obj(callback.data), files);
			const withResponse = interactions.callback(record, callback, uploads);
			return query.get('with_response') === 'true' ? { status: 200, body: withResponse } : { status: 204 };
		},
		noAuth
	);

	router.post(
		'/webhooks/:app/:token',
		({ params, body, files }) => {
			const record = interactions.byToken(params.app!, params.token!);
			const data = obj(body);
			return { body: interactions.followUp(record, data, uploadedAttachments(core, record.channelId, data, files)) };
		},
		noAuth
	);

	router.get(
		'/webhooks/:app/:token/messages/:message',
		({ params }) => ({ body: interactions.getMessage(interactions.byToken(params.app!, params.token!), params.message!) }),
		noAuth
	);

	router.patch(
		'/webhooks/:app/:token/messages/:message',
		({ params, body, files }) => {
			const record = interactions.byToken(params.app!, params.token!);
			const data = obj(body);
			return { body: interactions.editMessage(record, params.message!, data, uploadedAttachments(core, record.channelId, data, files)) };
		},
		noAuth
	);

	router.delete(
		'/webhooks/:app/:token/messages/:message',
		({ params }) => {
			interactions.deleteMessage(interactions.byToken(params.app!, params.token!), params.message!);
			return {};
		},
		noAuth
	);
}
