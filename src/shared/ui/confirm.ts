import { randomUUID } from 'node:crypto';
import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	ComponentType,
	MessageFlags,
	type ButtonInteraction,
	type EmbedBuilder,
	type Message,
	type MessageMentionOptions,
	type RepliableInteraction
} from 'discord.js';
import { truncate } from './limits';
import { recordIntrusion, voice, type VoiceOptions } from './voice';

export type ConfirmOutcome = 'confirmed' | 'cancelled' | 'timeout';

/** Where the question is asked: a slash command (or any repliable interaction) or a prefix command's message. */
export type ConfirmContext = RepliableInteraction | Message;

export interface ConfirmOptions extends Pick<VoiceOptions, 'sassLevel' | 'personality'> {
	/** The question: plain text, or an embed (e.g. from SmartEmbed.warning). */
	prompt: string | EmbedBuilder;
	/** Default 'Confirm'. */
	confirmLabel?: string;
	/** Default 'Cancel'. */
	cancelLabel?: string;
	/** How long to wait for an answer, in ms. Default 30 s. */
	timeout?: number;
	/** Who may answer; defaults to whoever ran the command. */
	userId?: string;
	/** Paints Confirm red, for actions that cannot be undone. */
	destructive?: boolean;
	/** Ask privately; applies when the interaction has not been answered yet (a deferral already fixed the visibility). */
	ephemeral?: boolean;
}

export const DEFAULT_CONFIRM_TIMEOUT = 30_000;

/** Interaction tokens die after 15 minutes, after which the expired prompt could no longer be edited. */
export const MAX_INTERACTION_CONFIRM_TIMEOUT = 14 * 60_000;

/** Message content limit, so a long prompt plus the expiry note cannot make the edit fail. */
const CONTENT_LIMIT = 2000;

/**
 * Asks a yes/no question with Confirm and Cancel buttons and waits for the answer.
 *
 * - Only `userId` (default: the invoker) can answer; anyone else gets a private, in-character refusal.
 * - Custom ids carry a fresh UUID and the collector listens on the prompt message only, so two prompts open at once
 *   (even in the same channel) never answer each other.
 * - Whatever the outcome, the buttons are disabled afterwards; on timeout the prompt also says it expired.
 * - A button press is acknowledged (`update`) before the promise settles, so the caller may `followUp` or `editReply`
 *   straight away without racing the button edit.
 */
export async function confirm(context: ConfirmContext, options: ConfirmOptions): Promise<ConfirmOutcome> {
	const nonce = randomUUID();
	const ids = { confirm: `tika:confirm:${nonce}:yes`, cancel: `tika:confirm:${nonce}:no` } as const;
	const labels = { confirm: options.confirmLabel ?? 'Confirm', cancel: options.cancelLabel ?? 'Cancel' };
	const confirmStyle = options.destructive ? ButtonStyle.Danger : ButtonStyle.Success;
	const invokerId = isInteraction(context) ? context.user.id : context.author.id;
	const allowedId = options.userId ?? invokerId;
	let timeout = Math.max(1, options.timeout ?? DEFAULT_CONFIRM_TIMEOUT);
	if (isInteraction(context)) timeout = Math.min(timeout, MAX_INTERACTION_CONFIRM_TIMEOUT);

	const row = (chosen: 'confirm' | 'cancel' | null, disabled: boolean) =>
		new ActionRowBuilder<ButtonBuilder>().addComponents(
			new ButtonBuilder()
				.setCustomId(ids.confirm)
				.setLabel(labels.confirm)
				// Once answered, only the chosen button keeps its colour, so the message records what was decided.
				.setStyle(disabled && chosen !== 'confirm' ? ButtonStyle.Secondary : confirmStyle)
				.setDisabled(disabled),
			new ButtonBuilder().setCustomId(ids.cancel).setLabel(labels.cancel).setStyle(ButtonStyle.Secondary).setDisabled(disabled)
		);

	const body = typeof options.prompt === 'string' ? { content: truncate(options.prompt, CONTENT_LIMIT) } : { embeds: [options.prompt] };
	// Prompts often name people ("Ban @x?"); asking must not ping them.
	const payload: Payload = { ...body, components: [row(null, false)], allowedMentions: { parse: [] } };
	const sent = await send(context, payload, options.ephemeral ?? false);

	const collector = sent.createMessageComponentCollector({
		componentType: ComponentType.Button,
		time: timeout,
		filter: (button) => button.customId === ids.confirm || button.customId === ids.cancel
	});

	return new Promise<ConfirmOutcome>((resolve) => {
		let answered = false;

		collector.on('collect', async (button: ButtonInteraction) => {
			if (button.user.id !== allowedId) {
				recordIntrusion(button.user.id, options);
				const refusal = voice(
					'not_your_game',
					{ ...options, userId: button.user.id, vars: { owner: `<@${allowedId}>` } },
					'These buttons belong to someone else.'
				);
				await button.reply({ content: refusal, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }).catch(ignore);
				return;
			}
			// Two quick presses can both arrive before the collector stops; only the first one counts.
			if (answered) return;
			answered = true;
			const outcome = button.customId === ids.confirm ? 'confirmed' : 'cancelled';
			await button.update({ components: [row(outcome === 'confirmed' ? 'confirm' : 'cancel', true)] }).catch(ignore);
			collector.stop(outcome);
		});

		collector.on('end', async (_collected, reason) => {
			if (reason === 'confirmed' || reason === 'cancelled') return resolve(reason);
			if (reason !== 'time' && reason !== 'idle') {
				// The prompt or its channel was deleted: nothing was agreed to, and there is nothing left to edit.
				return resolve('cancelled');
			}
			const note = `-# ⏱️ ${voice('confirm_timeout', { ...options, userId: allowedId }, 'This confirmation expired. Nothing was changed.')}`;
			const expired =
				typeof options.prompt === 'string'
					? { content: `${truncate(options.prompt, CONTENT_LIMIT - note.length - 2)}\n\n${note}` }
					: { content: note, embeds: [options.prompt] };
			await edit(context, sent, { ...expired, components: [row(null, true)], allowedMentions: { parse: [] } }).catch(ignore);
			resolve('timeout');
		});
	});
}

interface Payload {
	content?: string;
	embeds?: EmbedBuilder[];
	components: ActionRowBuilder<ButtonBuilder>[];
	allowedMentions: MessageMentionOptions;
}

async function send(context: ConfirmContext, payload: Payload, ephemeral: boolean): Promise<Message> {
	if (!isInteraction(context)) return context.reply({ ...payload, allowedMentions: { ...payload.allowedMentions, repliedUser: false } });
	if (context.deferred && !context.replied) return context.editReply(payload);
	const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
	// Already answered: a follow-up keeps the earlier reply instead of overwriting it with the question.
	if (context.replied) return context.followUp({ ...payload, flags });
	const response = await context.reply({ ...payload, flags, withResponse: true });
	return response.resource?.message ?? context.fetchReply();
}

async function edit(context: ConfirmContext, sent: Message, payload: Payload): Promise<Message> {
	// Ephemeral messages cannot be edited through the channel; the interaction's webhook can edit any of its messages.
	if (isInteraction(context)) return context.editReply({ ...payload, message: sent.id });
	return sent.edit(payload);
}

function isInteraction(context: ConfirmContext): context is RepliableInteraction {
	// Interactions carry a token, messages never do; cheaper and mock-friendlier than instanceof checks.
	return 'token' in context && typeof context.token === 'string';
}

function ignore(): void {
	// The prompt may be gone or the token expired; the outcome stands either way.
}
