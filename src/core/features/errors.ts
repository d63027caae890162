/**
 * Why a change to a feature was refused. Messages are plain sentences naming the feature (and the plugin in the way),
 * so `/features` can show them as they are and the log reads the same; the personality line goes on top in the UI.
 */
export class FeatureError extends Error {
	public override readonly name: string = 'FeatureError';

	public constructor(
		public readonly feature: string,
		message: string
	) {
		super(message);
	}
}

/** No installed plugin has that name; `suggestions` are the closest names (or every toggleable one when nothing is close). */
export class UnknownFeatureError extends FeatureError {
	public override readonly name = 'UnknownFeatureError';

	public constructor(
		feature: string,
		public readonly suggestions: readonly string[]
	) {
		super(
			feature,
			suggestions.length > 0
				? `There is no feature called "${feature}". Did you mean ${suggestions.map((name) => `"${name}"`).join(', ')}?`
				: `There is no feature called "${feature}".`
		);
	}
}

/** The lockout guard: the plugin is always on (it manages features, or an always-on plugin needs it). */
export class FeatureLockedError extends FeatureError {
	public override readonly name = 'FeatureLockedError';

	public constructor(
		feature: string,
		/** The always-on plugin that needs this one, when the lock is inherited rather than declared. */
		public readonly requiredBy: string | null = null
	) {
		super(
			feature,
			requiredBy
				? `The ${feature} feature is always on because ${requiredBy} needs it; it cannot be switched off or overridden.`
				: `The ${feature} feature is always on; it cannot be switched off or overridden.`
		);
	}
}

/** Turning the feature on would leave it blocked by a dependency that is off in this guild. */
export class FeatureDependencyError extends FeatureError {
	public override readonly name = 'FeatureDependencyError';

	public constructor(
		feature: string,
		public readonly dependency: string
	) {
		super(feature, `The ${feature} feature needs ${dependency}, which is disabled here. Enable ${dependency} first.`);
	}
}

/** Turning the feature off would silently switch off features that depend on it and are on in this guild. */
export class FeatureDependentsError extends FeatureError {
	public override readonly name = 'FeatureDependentsError';

	public constructor(
		feature: string,
		public readonly dependents: readonly string[]
	) {
		const names = dependents.join(', ');
		super(
			feature,
			`The ${feature} feature is needed by ${names}, which ${dependents.length === 1 ? 'is' : 'are'} enabled here. Disable ${names} first.`
		);
	}
}

/** The plugin vetoed being turned on here (its manifest's `enableRefusal`): `message` is its sentence saying what to set. */
export class FeatureRefusedError extends FeatureError {
	public override readonly name = 'FeatureRefusedError';
}
