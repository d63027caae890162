import {
	Events,
	InteractionHandlerFilters,
	InteractionHandlerStore,
	Result,
	type InteractionHandler,
	type Option,
	type StoreRegistry
} from '@sapphire/framework';
import { MessageFlags, type Interaction } from 'discord.js';
import type { FeatureCheck } from './FeatureManager';
import { canManageFeatures, featureRefusalEmbed, type FeatureRefusal } from './refusal';

/**
 * The `interaction-handlers` store, with the feature check Sapphire has no hook for: interaction handlers have no
 * preconditions, so buttons, select menus, modals and autocomplete of a plugin that is disabled in the interaction's
 * guild would otherwise keep working.
 *
 * `run` is Sapphire's own (same events, same error reporting) with one step added: a handler whose `parse` claimed
 * the interaction is run only when its plugin may act in that guild. When every handler that claimed it was refused,
 * the user gets the feature-disabled (or setup-needed) embed, privately; autocomplete gets no choices. Handlers
 * outside plugins and interactions in DMs are never gated. The check runs after `parse` on purpose: only the handler
 * that recognises a custom id knows the interaction is its own, so a disabled plugin never answers for somebody else.
 */
export class FeatureGatedInteractionHandlerStore extends InteractionHandlerStore {
	public override async run(interaction: Interaction): Promise<boolean> {
		if (this.size === 0) return false;

		const { client } = this.container;
		const promises: Promise<Result<unknown, { handler: InteractionHandler; error: unknown }>>[] = [];
		let refusal: FeatureRefusal | null = null;

		for (const handler of this.values()) {
			if (!InteractionHandlerFilters.get(handler.interactionHandlerType)?.(interaction)) continue;

			const parsed = await Result.fromAsync(() => handler.parse(interaction) as Option<unknown> | Promise<Option<unknown>>);
			if (parsed.isErr()) {
				client.emit(Events.InteractionHandlerParseError, parsed.unwrapErr(), { interaction, handler });
				continue;
			}
			const option = parsed.unwrap();
			client.emit(Events.InteractionHandlerParseSuccess, option, { interaction, handler });
			if (option.isNone()) {
				client.emit(Events.InteractionHandlerParseNone, option as Option.None, { interaction, handler });
				continue;
			}

			const check = await this.#check(handler, interaction.guildId);
			if (!check.allowed) {
				refusal ??= check;
				continue;
			}

			const value = option.unwrap();
			client.emit(Events.InteractionHandlerParseSome, option as Option.Some<unknown>, { interaction, handler, value });
			promises.push(Result.fromAsync(() => handler.run(interaction, value)).then((result) => result.mapErr((error) => ({ handler, error }))));
		}

		if (promises.length === 0) {
			if (refusal === null) return false;
			await this.#refuse(interaction, refusal);
			return true;
		}

		const results = await Promise.all(promises);
		for (const result of results) {
			result.inspectErr(({ handler, error }) => client.emit(Events.InteractionHandlerError, error, { interaction, handler }));
		}
		return true;
	}

	async #check(handler: InteractionHandler, guildId: string | null): Promise<FeatureCheck> {
		const { plugins } = this.container;
		const features = Reflect.get(this.container, 'features') as typeof this.container.features | undefined;
		const plugin = plugins.pluginOf(handler)?.manifest.name;
		if (!plugin || !features) return { allowed: true };
		try {
			return await features.check(guildId, plugin);
		} catch (error) {
			// Same rule as the router: when we cannot tell whether the admin switched the feature off, do not act.
			this.container.logger.error(`[features] Could not check ${plugin} for interaction handler "${handler.name}" in guild ${guildId}:`, error);
			return { allowed: false, reason: 'disabled', feature: plugin };
		}
	}

	async #refuse(interaction: Interaction, refusal: FeatureRefusal): Promise<void> {
		try {
			if (interaction.isAutocomplete()) {
				if (!interaction.responded) await interaction.respond([]);
				return;
			}
			if (!interaction.isRepliable()) return;
			const payload = {
				embeds: [featureRefusalEmbed(refusal, { canManage: canManageFeatures(interaction) })],
				flags: MessageFlags.Ephemeral
			} as const;
			if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
			else await interaction.reply(payload);
		} catch (error) {
			this.container.logger.error(`[features] Could not tell the user that ${refusal.feature} is unavailable:`, error);
		}
	}
}

/**
 * Puts the gated store in place of Sapphire's. `StoreRegistry.register` replaces a store by name (a Collection `set`),
 * and Sapphire looks the store up by name on every interaction, so the old instance is simply dropped. This must run
 * before any `registerPath`: folders registered earlier would only be known to the old store. Sapphire's own store
 * has no pieces of its own, and no framework plugin Tika uses (hmr, subcommands, logger) adds interaction handlers;
 * any folder already registered is carried over anyway.
 */
export function installFeatureGatedInteractionHandlers(stores: StoreRegistry): FeatureGatedInteractionHandlerStore {
	const previous = stores.get('interaction-handlers') as InteractionHandlerStore | undefined;
	const store = new FeatureGatedInteractionHandlerStore();
	for (const path of previous?.paths ?? []) store.registerPath(path);
	stores.register(store);
	return store;
}
