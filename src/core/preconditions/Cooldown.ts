import { CorePreconditions, type Command } from '@sapphire/framework';
import { CooldownBuckets } from '#core/cooldowns';

type Manager = InstanceType<typeof CorePreconditions.Cooldown>['buckets'] extends WeakMap<Command, infer M> ? M : never;

/**
 * Sapphire's `Cooldown` precondition (what `cooldownDelay` on a command adds), unchanged except that its rate-limit
 * timers stop when Tika shuts down (see cooldowns.ts). Sapphire registers its own under this name before the stores
 * load; this one is loaded from the core's folder afterwards and replaces it.
 */
export class CooldownPrecondition extends CorePreconditions.Cooldown {
	public override buckets = new CooldownBuckets<Command, Manager>();

	public override onLoad() {
		this.buckets.stopOnShutdown(this.container.lifecycle);
		return super.onLoad();
	}

	public override onUnload() {
		this.buckets.stop();
		return super.onUnload();
	}
}
