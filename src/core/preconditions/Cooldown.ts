import { CorePreconditions, Identifiers, type Command } from '@sapphire/framework';
import { CooldownBuckets, shareCooldowns } from '#core/cooldowns';

type Manager = InstanceType<typeof CorePreconditions.Cooldown>['buckets'] extends WeakMap<Command, infer M> ? M : never;

/**
 * Sapphire's `Cooldown` precondition (what `cooldownDelay` on a command adds), unchanged except that its rate-limit
 * timers stop when Tika shuts down and that, with Redis, its buckets are shared by every shard (see cooldowns.ts). Sapphire registers its own under this name before the stores
 * load; this one is loaded from the core's folder afterwards and replaces it.
 */
export class CooldownPrecondition extends CorePreconditions.Cooldown {
	public override buckets = new CooldownBuckets<Command, Manager>();

	public override onLoad() {
		shareCooldowns(this, { identifier: Identifiers.PreconditionCooldown, what: 'command' });
		this.buckets.stopOnShutdown(this.container.lifecycle);
		return super.onLoad();
	}

	public override onUnload() {
		this.buckets.stop();
		return super.onUnload();
	}
}
