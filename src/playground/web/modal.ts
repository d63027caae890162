import { ComponentType, TextInputStyle } from 'discord-api-types/v10';
import { renderMarkdown } from './markdown';
import { api, el, state, toast, type ModalData } from './state';

type Component = Record<string, unknown> & { type: number };

/**
 * A modal the bot showed: its text inputs (in action rows, or in the newer labels), string selects and text displays,
 * with Discord's own checks (required, min/max length) before Submit sends a modal submit interaction.
 */
export function openModal(
	modal: ModalData,
	context: { channelId: string; messageId: string | null },
	onNoResponse: (channelId: string) => void
): void {
	const layer = document.getElementById('modal-layer')!;
	const form = el('form', { class: 'modal', 'data-testid': 'modal', 'aria-label': modal.title });
	const fields: { customId: string; read(): string | string[] }[] = [];

	const addField = (component: Component, label: string | undefined, description: string | undefined) => {
		const customId = String(component.custom_id);
		const id = `field-${customId}`;
		const wrap = el('div', { class: 'modal-field' });
		const required = component.required !== false;
		if (label) wrap.append(el('label', { for: id }, label, required ? el('span', { class: 'required' }, ' *') : null));
		if (description) wrap.append(el('div', { class: 'modal-description' }, description));
		if (component.type === ComponentType.TextInput) {
			const attributes = {
				id,
				name: customId,
				placeholder: component.placeholder as string | undefined,
				required,
				minlength: component.min_length === undefined ? undefined : String(component.min_length),
				maxlength: component.max_length === undefined ? undefined : String(component.max_length)
			};
			const input = component.style === TextInputStyle.Paragraph ? el('textarea', { ...attributes, rows: '4' }) : el('input', attributes);
			if (component.value !== undefined) input.value = String(component.value);
			wrap.append(input);
			fields.push({ customId, read: () => input.value });
		} else if (component.type === ComponentType.StringSelect) {
			const multiple = Number(component.max_values ?? 1) > 1;
			const select = el('select', { id, name: customId, multiple, required });
			if (!multiple) select.append(el('option', { value: '' }, String(component.placeholder ?? 'Make a selection')));
			for (const option of (component.options as { value: string; label: string; default?: boolean }[]) ?? [])
				select.append(el('option', { value: option.value, selected: Boolean(option.default) }, option.label));
			wrap.append(select);
			fields.push({ customId, read: () => [...select.selectedOptions].map((o) => o.value).filter(Boolean) });
		} else return;
		form.append(wrap);
	};

	form.append(el('h2', {}, modal.title));
	for (const top of modal.components as Component[]) {
		if (top.type === ComponentType.ActionRow) {
			for (const inner of (top.components as Component[]) ?? []) addField(inner, inner.label as string | undefined, undefined);
		} else if (top.type === ComponentType.Label) {
			addField(top.component as Component, top.label as string | undefined, top.description as string | undefined);
		} else if (top.type === ComponentType.TextDisplay) {
			form.append(el('div', { class: 'modal-text' }, renderMarkdown(String(top.content), context.channelId)));
		}
	}
	const cancel = el('button', { type: 'button', class: 'button link-button' }, 'Cancel');
	const submit = el('button', { type: 'submit', class: 'button primary' }, 'Submit');
	form.append(el('div', { class: 'modal-actions' }, cancel, submit));

	const close = () => {
		layer.hidden = true;
		layer.replaceChildren();
	};
	cancel.addEventListener('click', close);
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		submit.disabled = true;
		const values = Object.fromEntries(fields.map((field) => [field.customId, field.read()]));
		api<{ responded: boolean }>('modal', {
			userId: state.me,
			channelId: context.channelId,
			messageId: context.messageId,
			customId: modal.custom_id,
			fields: values
		})
			.then((result) => {
				close();
				if (!result.responded) onNoResponse(context.channelId);
			})
			.catch((error: Error) => {
				submit.disabled = false;
				toast(error.message);
			});
	});
	layer.replaceChildren(form);
	layer.hidden = false;
	(form.querySelector('input, textarea, select') as HTMLElement | null)?.focus();
}
