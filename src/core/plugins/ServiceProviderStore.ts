import { Store } from '@sapphire/framework';
import { ServiceProvider } from './ServiceProvider';

/** The `services` store: every plugin's `services/` folder (see ServiceProvider). */
export class ServiceProviderStore extends Store<ServiceProvider, 'services'> {
	public constructor() {
		super(ServiceProvider, { name: 'services' });
	}
}

declare module '@sapphire/pieces' {
	interface StoreRegistryEntries {
		services: ServiceProviderStore;
	}
}
