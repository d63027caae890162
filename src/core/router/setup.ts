import { container, type StoreRegistry } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { HANDLER_BUCKETS_MS } from '#core/metrics/histogram';
import { MessageHandlerStore } from './MessageHandlerStore';
import { MessageRouter } from './MessageRouter';
import { createCommandMatcher } from './prefix';
import type { FeatureGate } from './types';

/**
 * Registers the `message-handlers` store and puts the router on the container. Must run before plugin
 * folders are registered: `StoreRegistry.registerPath` only reaches the stores that exist at that moment.
 */
export function installMessageRouter(stores: StoreRegistry): MessageRouter<Message> {
	const store = new MessageHandlerStore();
	stores.register(store);
	const router = new MessageRouter<Message>({
		source: () => store.routes,
		// The feature manager is installed by another part of the core, possibly later; until then everything is enabled.
		features: () => Reflect.get(container, 'features') as FeatureGate | undefined,
		isClosing: () => (container.lifecycle as typeof container.lifecycle | undefined)?.closing === true,
		isCommand: clientCommandMatcher(),
		logger: () => container.logger,
		// Per-handler latency histograms only when the metrics endpoint is on (one null check per handler run otherwise).
		latencyBuckets: (container.metrics as typeof container.metrics | undefined)?.enabled ? HANDLER_BUCKETS_MS : null
	});
	container.router = router;
	return router;
}

/**
 * `isCommand` against the live client: the prefixes come from the client options and the mention needs the
 * bot's id, which is only known after login, so the matcher is rebuilt whenever one of them changes.
 */
function clientCommandMatcher(): (content: string) => boolean {
	let prefixes: unknown = Symbol('unset');
	let caseInsensitive: boolean | null | undefined;
	let botId: string | null = null;
	let matcher: (content: string) => boolean = () => false;
	return (content) => {
		const client = container.client as typeof container.client | undefined;
		if (!client) return false;
		const { defaultPrefix, caseInsensitivePrefixes } = client.options;
		const id = client.user?.id ?? client.id ?? null;
		if (defaultPrefix !== prefixes || caseInsensitivePrefixes !== caseInsensitive || id !== botId) {
			prefixes = defaultPrefix;
			caseInsensitive = caseInsensitivePrefixes;
			botId = id;
			matcher = createCommandMatcher({ prefixes: defaultPrefix, caseInsensitive: caseInsensitivePrefixes === true, botId: id });
		}
		return matcher(content);
	};
}
