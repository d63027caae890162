import {
	EmbedBuilder,
	normalizeArray,
	type APIEmbed,
	type APIEmbedField,
	type EmbedAuthorOptions,
	type EmbedFooterOptions,
	type RestOrArray
} from 'discord.js';
import type { AnyCategory } from '#shared/personality/types';
import { Colors, type EmbedTone } from './colors';
import { clampEmbedData, clampField, EmbedLimits, truncate } from './limits';
import { voice, type VoiceOptions } from './voice';

/**
 * An EmbedBuilder that clamps instead of throwing. discord.js validates lengths in its setters and throws on a
 * 1,025-character field value, which turns "the list is long" into "the command crashed". Every text is clamped on the
 * way in, and {@link toJSON} (what discord.js calls when sending) enforces the 6,000-character total across everything.
 */
export class TikaEmbed extends EmbedBuilder {
	public override setTitle(title: string | null): this {
		return super.setTitle(title ? truncate(title, EmbedLimits.title) : null);
	}

	public override setDescription(description: string | null): this {
		return super.setDescription(description ? truncate(description, EmbedLimits.description) : null);
	}

	public override addFields(...fields: RestOrArray<APIEmbedField>): this {
		const room = EmbedLimits.fields - (this.data.fields?.length ?? 0);
		return super.addFields(normalizeArray(fields).slice(0, Math.max(0, room)).map(clampField));
	}

	public override setFields(...fields: RestOrArray<APIEmbedField>): this {
		return super.setFields(normalizeArray(fields).slice(0, EmbedLimits.fields).map(clampField));
	}

	public override spliceFields(index: number, deleteCount: number, ...fields: APIEmbedField[]): this {
		// Work out how many fields survive the splice so the insert never takes the embed past 25 (which would throw).
		const current = this.data.fields?.length ?? 0;
		const start = index < 0 ? Math.max(0, current + index) : Math.min(index, current);
		const removed = Math.min(Math.max(0, deleteCount), current - start);
		const room = EmbedLimits.fields - (current - removed);
		return super.spliceFields(index, deleteCount, ...fields.slice(0, Math.max(0, room)).map(clampField));
	}

	public override setFooter(options: EmbedFooterOptions | null): this {
		return super.setFooter(options ? { ...options, text: truncate(options.text, EmbedLimits.footerText) } : null);
	}

	public override setAuthor(options: EmbedAuthorOptions | null): this {
		return super.setAuthor(options ? { ...options, name: truncate(options.name, EmbedLimits.authorName) } : null);
	}

	public override toJSON(): APIEmbed {
		return clampEmbedData(super.toJSON());
	}
}

export interface SmartEmbedOptions {
	/** Footer text; defaults to the name given to {@link configureUi}, else 'Tika'. */
	botName?: string;
}

/** `userId` (whose frustration sets the tone), `sassLevel` (the guild's; default full), `vars`, `personality`. */
export interface ErrorEmbedOptions extends SmartEmbedOptions, VoiceOptions {
	/** Which table the line comes from: `error` unless the situation is more specific (`user_fault`, `cooldown`, ...). */
	category?: AnyCategory;
}

export interface FeatureDisabledOptions extends SmartEmbedOptions {
	/** The viewer may toggle features here, so the embed speaks to them directly and names the exact command. */
	canManage?: boolean;
}

const EMOJI = { success: '✅', error: '❌', info: 'ℹ️', warning: '⚠️' } as const;

let defaultBotName = 'Tika';

/** Sets app-wide UI defaults once at start-up (e.g. the bot name from config.yml's `bot.name`). */
export function configureUi(options: { botName?: string }): void {
	if (options.botName?.trim()) defaultBotName = options.botName.trim();
}

/** The footer every Tika embed carries. */
export function footerText(options: SmartEmbedOptions = {}): string {
	return options.botName?.trim() || defaultBotName;
}

/** A blank Tika embed in one of the palette's tones, with the shared footer: the base for anything SmartEmbed lacks. */
export function tikaEmbed(tone: EmbedTone = 'brand', options: SmartEmbedOptions = {}): TikaEmbed {
	return new TikaEmbed().setColor(Colors[tone]).setFooter({ text: footerText(options) });
}

/** The seed's SmartEmbed: every plugin builds its replies here, so colours, emoji and footers stay consistent. */
export const SmartEmbed = {
	success(title: string, description?: string | null, options?: SmartEmbedOptions): TikaEmbed {
		return withText(tikaEmbed('success', options), `${EMOJI.success} ${title}`, description);
	},

	/**
	 * As in the seed, the title is a personality line; the caller's title (what actually went wrong) leads the
	 * description in bold so the facts are never lost behind the sass.
	 */
	error(title: string, description?: string | null, options: ErrorEmbedOptions = {}): TikaEmbed {
		// Mentions do not render in embed titles, so lines addressing {user} are left out unless the caller names them.
		const line = voice(options.category ?? 'error', { ...options, vars: { user: '', ...options.vars } }, 'Something went wrong.');
		const body = description ? `**${title}**\n${description}` : `**${title}**`;
		return withText(tikaEmbed('error', options), `${EMOJI.error} ${line}`, body);
	},

	info(title: string, description?: string | null, options?: SmartEmbedOptions): TikaEmbed {
		return withText(tikaEmbed('info', options), `${EMOJI.info} ${title}`, description);
	},

	warning(title: string, description?: string | null, options?: SmartEmbedOptions): TikaEmbed {
		return withText(tikaEmbed('warning', options), `${EMOJI.warning} ${title}`, description);
	},

	/** The seed's wording, word for word, so every refusal of a disabled feature reads the same. */
	featureDisabled(featureName: string, options: FeatureDisabledOptions = {}): TikaEmbed {
		const how = options.canManage
			? `You can enable it using \`/features toggle ${featureName}\`.`
			: 'An admin can enable it using `/features toggle`.';
		return withText(tikaEmbed('disabled', options), 'Feature Disabled', `The **${featureName}** feature is currently disabled. ${how}`);
	}
} as const;

function withText(embed: TikaEmbed, title: string, description?: string | null): TikaEmbed {
	return embed.setTitle(title).setDescription(description ?? null);
}
