import { container, StoreRegistry } from '@sapphire/framework';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PluginManager } from '#core/plugins/PluginManager';
import { MessageHandler } from '#core/router/MessageHandler';
import { MessageHandlerStore } from '#core/router/MessageHandlerStore';
import { installMessageRouter } from '#core/router/setup';

const handlerSource = (className: string, options: string, result = 'false') =>
	[
		// Absolute, because node resolution from the temp folder cannot see this project's node_modules.
		`import { ApplyOptions } from ${JSON.stringify(require.resolve('@sapphire/decorators'))};`,
		`import { MessageHandler } from '#core/router/MessageHandler';`,
		`@ApplyOptions<MessageHandler.Options>(${options})`,
		`export class ${className} extends MessageHandler {`,
		`\tpublic override run() { return ${result}; }`,
		`}`,
		''
	].join('\n');

const manifestSource = (name: string) =>
	`const { definePlugin } = require(${JSON.stringify(resolve('src/core/plugins/manifest.ts'))});\n` +
	`module.exports = { default: definePlugin({ name: '${name}', category: 'user', description: 'd', version: '1.0.0' }) };\n`;

const fakeMessage = (overrides: object = {}) =>
	({ id: 'm1', guildId: 'g1', content: 'hi', author: { bot: false }, webhookId: null, system: false, partial: false, ...overrides }) as never;

describe('MessageHandlerStore', () => {
	let root: string;
	const saved = { plugins: container.plugins, router: container.router, lifecycle: container.lifecycle };

	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'tika-router-'));
	});

	afterEach(() => {
		rmSync(root, { recursive: true, force: true });
		Object.assign(container, saved);
	});

	const addHandler = (plugin: string, file: string, source: string) => {
		mkdirSync(join(root, plugin, 'message-handlers'), { recursive: true });
		writeFileSync(join(root, plugin, 'message-handlers', file), source);
	};

	it('loads handler pieces from a registered folder with their options and defaults', async () => {
		addHandler('games', 'chain.ts', handlerSource('ChainHandler', '{ priority: 20, edits: true, dms: true }'));
		addHandler('games', 'plain.ts', handlerSource('PlainHandler', '{}'));
		const store = new MessageHandlerStore();
		store.registerPath(join(root, 'games', 'message-handlers'));
		await store.loadAll();

		expect(store.size).toBe(2);
		const chain = store.get('chain')!;
		expect(chain).toBeInstanceOf(MessageHandler);
		expect(chain.toJSON()).toMatchObject({ name: 'chain', priority: 20, edits: true, dms: true });
		expect(store.get('plain')!.toJSON()).toMatchObject({ priority: 50, edits: false, dms: false });
	});

	it('keeps its routes sorted and hands out the same array until a piece changes', async () => {
		addHandler('games', 'b_late.ts', handlerSource('Late', '{ priority: 90 }'));
		addHandler('games', 'a_early.ts', handlerSource('Early', '{ priority: 10 }'));
		addHandler('games', 'c_tie.ts', handlerSource('Tie', '{ priority: 10 }'));
		const store = new MessageHandlerStore();
		store.registerPath(join(root, 'games', 'message-handlers'));
		await store.loadAll();

		const routes = store.routes;
		expect(routes.map((route) => route.name)).toEqual(['a_early', 'c_tie', 'b_late']);
		expect(store.routes).toBe(routes);

		await store.get('a_early')!.reload();
		expect(store.routes).not.toBe(routes);
		expect(store.routes.map((route) => route.name)).toEqual(['a_early', 'c_tie', 'b_late']);

		const beforeUnload = store.routes;
		await store.get('c_tie')!.unload();
		expect(store.routes).not.toBe(beforeUnload);
		expect(store.routes.map((route) => route.name)).toEqual(['a_early', 'b_late']);
	});

	it('refuses to load a handler whose priority is not a number', async () => {
		addHandler('games', 'bad.ts', handlerSource('Bad', '{ priority: Number.NaN }'));
		const store = new MessageHandlerStore();
		store.registerPath(join(root, 'games', 'message-handlers'));
		const onError = jest.spyOn(store.strategy, 'onError').mockImplementation(() => undefined);
		await store.loadAll();
		expect(store.size).toBe(0);
		expect(String(onError.mock.calls[0]![0])).toContain('Message handler "bad" has priority NaN');
	});

	it('is found through plugin folders once installed, and routes with each handler’s plugin resolved', async () => {
		for (const plugin of ['games', 'levels']) {
			mkdirSync(join(root, plugin), { recursive: true });
			writeFileSync(join(root, plugin, 'plugin.ts'), manifestSource(plugin));
		}
		addHandler('games', 'chain.ts', handlerSource('Chain', '{ priority: 10 }'));
		addHandler('levels', 'xp.ts', handlerSource('Xp', '{ priority: 90 }', 'true'));

		const stores = new StoreRegistry();
		container.plugins = PluginManager.fromDirectory(root);
		container.lifecycle = { closing: false } as never;
		const router = installMessageRouter(stores);
		// Exactly what the client does: the store exists before the plugin folders are registered.
		container.plugins.registerWith(stores);
		await stores.get('message-handlers').loadAll();

		expect(container.router).toBe(router);
		expect(stores.get('message-handlers').routes.map((route) => [route.name, route.plugin])).toEqual([
			['chain', 'games'],
			['xp', 'levels']
		]);
		expect(await router.route(fakeMessage(), { edited: false })).toBe('xp');
		expect(router.stats().map((row) => [row.name, row.plugin, row.calls, row.handled])).toEqual([
			['chain', 'games', 1, 0],
			['xp', 'levels', 1, 1]
		]);

		container.lifecycle = { closing: true } as never;
		expect(await router.route(fakeMessage(), { edited: false })).toBeNull();
	});
});
