import { PluginSubcommandCooldownPrecondition as SubcommandCooldown, SubcommandIdentifiers, type Subcommand } from '@sapphire/plugin-subcommands';
import { CooldownBuckets, shareCooldowns } from '#core/cooldowns';

type Manager = SubcommandCooldown['subcommandBuckets'] extends WeakMap<Subcommand, infer M> ? M : never;

/**
 * The subcommand plugin's per-subcommand cooldown (`cooldownDelay` on a subcommand mapping), unchanged except that its
 * rate-limit timers stop when Tika shuts down and that, with Redis, its buckets are shared by every shard (see cooldowns.ts). Replaces the plugin's piece of the same name.
 */
export class PluginSubcommandCooldownPrecondition extends SubcommandCooldown {
	public override subcommandBuckets = new CooldownBuckets<Subcommand, Manager>();

	public override onLoad() {
		shareCooldowns(this, { identifier: SubcommandIdentifiers.SubcommandPreconditionCooldown, what: 'subcommand' });
		this.subcommandBuckets.stopOnShutdown(this.container.lifecycle);
		return super.onLoad();
	}

	public override onUnload() {
		this.subcommandBuckets.stop();
		return super.onUnload();
	}
}
