import { PluginSubcommandCooldownPrecondition as SubcommandCooldown, type Subcommand } from '@sapphire/plugin-subcommands';
import { CooldownBuckets } from '#core/cooldowns';

type Manager = SubcommandCooldown['subcommandBuckets'] extends WeakMap<Subcommand, infer M> ? M : never;

/**
 * The subcommand plugin's per-subcommand cooldown (`cooldownDelay` on a subcommand mapping), unchanged except that its
 * rate-limit timers stop when Tika shuts down (see cooldowns.ts). Replaces the plugin's piece of the same name.
 */
export class PluginSubcommandCooldownPrecondition extends SubcommandCooldown {
	public override subcommandBuckets = new CooldownBuckets<Subcommand, Manager>();

	public override onLoad() {
		this.subcommandBuckets.stopOnShutdown(this.container.lifecycle);
		return super.onLoad();
	}

	public override onUnload() {
		this.subcommandBuckets.stop();
		return super.onUnload();
	}
}
