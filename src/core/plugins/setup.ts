import { container, type StoreRegistry } from '@sapphire/framework';
import { ApplicationCommandSync } from './commandSync';
import { PieceLoadErrors } from './loadErrors';
import { PluginController } from './PluginController';
import { prismaPluginStateStore } from './state';

/**
 * Puts the plugin controller on the container and starts recording piece load errors. Must run before login:
 * the first loads happen there, and their errors are the ones an operator most needs to see in `/plugins list`.
 */
export function installPluginControl(stores: StoreRegistry): PluginController {
	const loadErrors = new PieceLoadErrors(
		() => container.plugins,
		() => container.logger
	);
	loadErrors.capture(stores);
	const controller = new PluginController({
		plugins: () => container.plugins,
		stores: () => container.stores,
		state: () => prismaPluginStateStore(container.prisma),
		commands: new ApplicationCommandSync(
			() => container.stores.get('commands'),
			() => container.client.application?.commands
		),
		loadErrors,
		services: () => container.services
	});
	container.pluginController = controller;
	return controller;
}
