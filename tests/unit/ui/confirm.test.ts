import { EventEmitter } from 'node:events';
import {
	ButtonStyle,
	ComponentType,
	MessageFlags,
	type ActionRowBuilder,
	type ButtonBuilder,
	type Message,
	type RepliableInteraction
} from 'discord.js';
import { parsePersonality } from '#shared/personality/loader';
import { Personality } from '#shared/personality/Personality';
import { RESPONSE_CATEGORIES } from '#shared/personality/types';
import { confirm, MAX_INTERACTION_CONFIRM_TIMEOUT, type ConfirmOptions } from '#shared/ui/confirm';

/** Stands in for discord.js' InteractionCollector: the test emits presses and stops it by hand. */
class FakeCollector extends EventEmitter {
	public options: { time?: number; filter?: (button: { customId: string }) => boolean } = {};
	public stop(reason = 'user') {
		this.emit('end', new Map(), reason);
	}
}

interface Row {
	components: { data: { custom_id: string; style: ButtonStyle; disabled?: boolean; label: string } }[];
}

function setup(state: { deferred?: boolean; replied?: boolean } = {}) {
	const collector = new FakeCollector();
	const message: { id: string; createMessageComponentCollector: jest.Mock; edit: jest.Mock } = {
		id: 'prompt-message',
		createMessageComponentCollector: jest.fn((options: FakeCollector['options']) => ((collector.options = options), collector)),
		edit: jest.fn(async () => message)
	};
	const interaction = {
		token: 'token',
		user: { id: 'owner' },
		deferred: state.deferred ?? false,
		replied: state.replied ?? false,
		reply: jest.fn(async () => ({ resource: { message } })),
		editReply: jest.fn(async () => message),
		followUp: jest.fn(async () => message),
		fetchReply: jest.fn(async () => message)
	};
	return { collector, message, interaction, context: interaction as unknown as RepliableInteraction };
}

function button(customId: string, userId: string) {
	return { customId, user: { id: userId }, reply: jest.fn(async () => undefined), update: jest.fn(async () => undefined) };
}

/** Lets the collector's async listeners run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const personality = (() => {
	const root = Object.fromEntries(
		RESPONSE_CATEGORIES.map((c) => [
			c,
			{ plain: [`${c} plain`], base: [`${c} base`], repeated: [`${c} repeated`], frustrated: [`${c} frustrated`] }
		])
	);
	return new Personality(parsePersonality(JSON.stringify(root)));
})();

const options: ConfirmOptions = { prompt: 'Delete all warnings?', personality };

function customIds(payload: { components: ActionRowBuilder<ButtonBuilder>[] }) {
	return (payload.components[0] as unknown as Row).components.map((component) => component.data.custom_id);
}

function sentPayload(mock: jest.Mock) {
	return mock.mock.calls[0]![0] as { content?: string; components: ActionRowBuilder<ButtonBuilder>[]; flags?: number };
}

describe('confirm', () => {
	it('resolves confirmed when the invoker presses Confirm, and disables the buttons', async () => {
		const { collector, interaction, context } = setup();
		const outcome = confirm(context, options);
		await settle();
		const [yes] = customIds(sentPayload(interaction.reply));
		const press = button(yes!, 'owner');
		collector.emit('collect', press);
		await expect(outcome).resolves.toBe('confirmed');
		const update = press.update.mock.calls[0]! as unknown as [{ components: Row[] }];
		expect(update[0].components[0]!.components.every((component) => component.data.disabled)).toBe(true);
		expect(update[0].components[0]!.components[0]!.data.style).toBe(ButtonStyle.Success);
	});

	it('resolves cancelled when the invoker presses Cancel', async () => {
		const { collector, interaction, context } = setup();
		const outcome = confirm(context, options);
		await settle();
		collector.emit('collect', button(customIds(sentPayload(interaction.reply))[1]!, 'owner'));
		await expect(outcome).resolves.toBe('cancelled');
	});

	it('sends the question with Confirm and Cancel buttons, without pinging anyone', async () => {
		const { collector, interaction, context } = setup();
		void confirm(context, { ...options, confirmLabel: 'Delete', cancelLabel: 'Keep', destructive: true, ephemeral: true });
		await settle();
		const payload = sentPayload(interaction.reply) as unknown as { content: string; components: Row[]; allowedMentions: unknown; flags: number };
		expect(payload.content).toBe('Delete all warnings?');
		expect(payload.allowedMentions).toEqual({ parse: [] });
		expect(payload.flags).toBe(MessageFlags.Ephemeral);
		expect(payload.components[0]!.components.map((component) => [component.data.label, component.data.style])).toEqual([
			['Delete', ButtonStyle.Danger],
			['Keep', ButtonStyle.Secondary]
		]);
		collector.stop('time');
	});

	it('turns away anyone else with a private, in-character refusal and keeps waiting', async () => {
		const { collector, interaction, context } = setup();
		const outcome = confirm(context, options);
		await settle();
		const [yes] = customIds(sentPayload(interaction.reply));
		const intruder = button(yes!, 'someone-else');
		collector.emit('collect', intruder);
		await settle();
		expect(intruder.reply).toHaveBeenCalledWith(expect.objectContaining({ content: 'not_your_game base', flags: MessageFlags.Ephemeral }));
		expect(intruder.update).not.toHaveBeenCalled();
		collector.emit('collect', button(yes!, 'owner'));
		await expect(outcome).resolves.toBe('confirmed');
	});

	it('lets the named user answer instead of the invoker', async () => {
		const { collector, interaction, context } = setup();
		const outcome = confirm(context, { ...options, userId: 'opponent' });
		await settle();
		const [yes] = customIds(sentPayload(interaction.reply));
		const invoker = button(yes!, 'owner');
		collector.emit('collect', invoker);
		await settle();
		expect(invoker.reply).toHaveBeenCalled();
		collector.emit('collect', button(yes!, 'opponent'));
		await expect(outcome).resolves.toBe('confirmed');
	});

	it('says the prompt expired and disables the buttons on timeout', async () => {
		const { collector, interaction, context } = setup();
		const outcome = confirm(context, options);
		await settle();
		collector.stop('time');
		await expect(outcome).resolves.toBe('timeout');
		const edit = interaction.editReply.mock.calls[0]! as unknown as [{ content: string; components: Row[]; message: string }];
		expect(edit[0].message).toBe('prompt-message');
		expect(edit[0].content).toBe('Delete all warnings?\n\n-# ⏱️ confirm_timeout base');
		expect(edit[0].components[0]!.components.every((component) => component.data.disabled)).toBe(true);
	});

	it('treats a deleted prompt as cancelled', async () => {
		const { collector, context } = setup();
		const outcome = confirm(context, options);
		await settle();
		collector.stop('messageDelete');
		await expect(outcome).resolves.toBe('cancelled');
	});

	it('uses fresh custom ids on every call and collects only its own buttons', async () => {
		const first = setup();
		const second = setup();
		void confirm(first.context, options);
		void confirm(second.context, options);
		await settle();
		const a = customIds(sentPayload(first.interaction.reply));
		const b = customIds(sentPayload(second.interaction.reply));
		expect(new Set([...a, ...b]).size).toBe(4);
		expect(first.collector.options.filter!({ customId: b[0]! })).toBe(false);
		expect(first.collector.options.filter!({ customId: a[0]! })).toBe(true);
		first.collector.stop('time');
		second.collector.stop('time');
	});

	it('edits a deferred reply instead of replying twice', async () => {
		const { collector, interaction, context } = setup({ deferred: true });
		void confirm(context, options);
		await settle();
		expect(interaction.reply).not.toHaveBeenCalled();
		expect(interaction.editReply).toHaveBeenCalledTimes(1);
		collector.stop('time');
	});

	it('follows up on an interaction that was already answered', async () => {
		const { collector, interaction, context } = setup({ replied: true });
		void confirm(context, options);
		await settle();
		expect(interaction.followUp).toHaveBeenCalledTimes(1);
		collector.stop('time');
	});

	it('never waits past the life of an interaction token', async () => {
		const { collector, message, context } = setup();
		void confirm(context, { ...options, timeout: 60 * 60_000 });
		await settle();
		expect(message.createMessageComponentCollector).toHaveBeenCalledWith(expect.objectContaining({ componentType: ComponentType.Button }));
		expect(collector.options.time).toBe(MAX_INTERACTION_CONFIRM_TIMEOUT);
		collector.stop('time');
	});

	it('works from a prefix command, editing its own message on timeout', async () => {
		const { collector, message } = setup();
		const command = { author: { id: 'owner' }, reply: jest.fn(async () => message) };
		const outcome = confirm(command as unknown as Message, options);
		await settle();
		collector.stop('time');
		await expect(outcome).resolves.toBe('timeout');
		expect(message.edit).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('confirm_timeout base') }));
	});
});
