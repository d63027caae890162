import { container, StoreRegistry } from '@sapphire/pieces';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { definePlugin } from '#core/plugins/manifest';
import { PluginManager } from '#core/plugins/PluginManager';
import { ServiceProviderStore } from '#core/plugins/ServiceProviderStore';
import { ServiceRegistry } from '#core/plugins/services';

interface Greeter {
	greet: (name: string) => string;
}

// Test-only services, typed the way a provider plugin declares its own.
declare module '#core/plugins/services' {
	interface PluginServices {
		test_greeter: Greeter;
		test_clock: { now: () => number };
	}
}

const hello: Greeter = { greet: (name) => `hello ${name}` };
const howdy: Greeter = { greet: (name) => `howdy ${name}` };

describe('ServiceRegistry', () => {
	it('GIVEN nothing provided THEN get answers undefined, so a consumer falls back', () => {
		const services = new ServiceRegistry();
		expect(services.get('test_greeter')).toBeUndefined();
		expect(services.has('test_greeter')).toBe(false);
	});

	it('GIVEN a provided service THEN get returns it and knows which plugin owns it', () => {
		const services = new ServiceRegistry();
		services.provide('test_greeter', hello, 'greetings');
		expect(services.get('test_greeter')?.greet('alice')).toBe('hello alice');
		expect(services.ownerOf('test_greeter')).toBe('greetings');
	});

	it('GIVEN the withdrawal returned by provide THEN calling it removes the service, once', () => {
		const services = new ServiceRegistry();
		const withdraw = services.provide('test_greeter', hello, 'greetings');
		expect(withdraw()).toBe(true);
		expect(services.get('test_greeter')).toBeUndefined();
		expect(withdraw()).toBe(false);
	});

	it('GIVEN a reload provided a successor first THEN the old withdrawal leaves the successor in place', () => {
		const services = new ServiceRegistry();
		const withdrawOld = services.provide('test_greeter', hello, 'greetings');
		services.provide('test_greeter', howdy, 'greetings');
		expect(withdrawOld()).toBe(false);
		expect(services.get('test_greeter')?.greet('bob')).toBe('howdy bob');
	});

	it('GIVEN the same service object provided twice THEN each withdrawal only answers for its own provision', () => {
		const services = new ServiceRegistry();
		const first = services.provide('test_greeter', hello, 'greetings');
		services.provide('test_greeter', hello, 'greetings');
		expect(first()).toBe(false);
		expect(services.get('test_greeter')).toBe(hello);
	});

	it('GIVEN a plugin is disabled THEN withdrawAll removes what it provided and nothing else', () => {
		const services = new ServiceRegistry();
		services.provide('test_greeter', hello, 'greetings');
		services.provide('test_clock', { now: () => 1 }, 'clock');
		expect(services.withdrawAll('greetings')).toEqual(['test_greeter']);
		expect(services.get('test_greeter')).toBeUndefined();
		expect(services.get('test_clock')?.now()).toBe(1);
		expect(services.withdrawAll('greetings')).toEqual([]);
	});
});

describe('ServiceProvider pieces', () => {
	const providerModule = resolve(__dirname, '../../../src/core/plugins/ServiceProvider.ts');
	const providerSource = (word: string) =>
		[
			`const { ServiceProvider } = require(${JSON.stringify(providerModule)});`,
			`class Greeter extends ServiceProvider { service = { greet: (name) => '${word} ' + name }; }`,
			'module.exports = { Greeter };'
		].join('\n');
	let root: string;
	let stores: StoreRegistry;

	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'tika-services-'));
		mkdirSync(join(root, 'greetings', 'services'), { recursive: true });
		container.plugins = new PluginManager([
			{
				manifest: definePlugin({ name: 'greetings', category: 'community', description: 'Greetings', version: '1.0.0' }),
				directory: join(root, 'greetings')
			}
		]);
		container.services = new ServiceRegistry();
		stores = new StoreRegistry();
		stores.register(new ServiceProviderStore());
		stores.registerPath(join(root, 'greetings'));
	});
	afterEach(() => {
		rmSync(root, { recursive: true, force: true });
		Reflect.deleteProperty(container, 'plugins');
		Reflect.deleteProperty(container, 'services');
	});

	it('GIVEN services/test_greeter in a plugin folder THEN loading provides it under the file name, owned by that plugin', async () => {
		writeFileSync(join(root, 'greetings', 'services', 'test_greeter.js'), providerSource('hello'));
		await stores.load();
		expect(container.services.get('test_greeter')?.greet('alice')).toBe('hello alice');
		expect(container.services.ownerOf('test_greeter')).toBe('greetings');
	});

	it('GIVEN the provider piece is unloaded THEN its service is withdrawn', async () => {
		writeFileSync(join(root, 'greetings', 'services', 'test_greeter.js'), providerSource('hello'));
		await stores.load();
		await stores.get('services').unload('test_greeter');
		expect(container.services.get('test_greeter')).toBeUndefined();
	});

	it('GIVEN the piece is replaced by a fresh one (a reload) THEN the service stays available', async () => {
		writeFileSync(join(root, 'greetings', 'services', 'test_greeter.js'), providerSource('hello'));
		await stores.load();
		const store = stores.get('services');
		const before = container.services.get('test_greeter');
		// Sapphire loads the new piece (onLoad) before it unloads the one it replaces (onUnload).
		await store.load(join(root, 'greetings', 'services'), 'test_greeter.js');
		expect(container.services.get('test_greeter')).toBeDefined();
		expect(container.services.get('test_greeter')).not.toBe(before);
		expect(store.size).toBe(1);
	});
});
