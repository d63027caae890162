import { ButtonStyle, ComponentType, MessageFlags, type APIEmbed } from 'discord-api-types/v10';
import { renderMarkdown } from './markdown';
import { api, displayName, el, guildOfChannel, nameColor, state, toast, type PageMessage } from './state';

type Component = Record<string, unknown> & { type: number; components?: Component[] };

/** Hooks the app provides (menus live there). */
export interface RenderHooks {
	onUserMenu(event: MouseEvent, userId: string): void;
	onMessageMenu(event: MouseEvent, message: PageMessage): void;
	onReactionPicker(anchor: HTMLElement, message: PageMessage): void;
	onNoResponse(channelId: string, what: string): void;
}

const BUTTON_CLASSES: Record<number, string> = {
	[ButtonStyle.Primary]: 'primary',
	[ButtonStyle.Secondary]: 'secondary',
	[ButtonStyle.Success]: 'success',
	[ButtonStyle.Danger]: 'danger',
	[ButtonStyle.Link]: 'secondary link',
	[ButtonStyle.Premium]: 'primary'
};

export function isEphemeral(message: PageMessage): boolean {
	return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** Whether the person you are acting as would see this message (ephemeral replies are for their invoker only). */
export function visibleToMe(message: PageMessage): boolean {
	if (!isEphemeral(message)) return true;
	const metadata = message.interaction_metadata as { user?: { id: string } } | undefined;
	return metadata?.user?.id === state.me && !state.dismissed.has(message.id);
}

export function renderMessage(message: PageMessage, hooks: RenderHooks): HTMLLIElement {
	const guild = guildOfChannel(message.channel_id);
	const author = message.author;
	const ephemeral = isEphemeral(message);
	const item = el('li', {
		class: `message${ephemeral ? ' ephemeral' : ''}`,
		'data-id': message.id,
		'data-author': author.id,
		'data-testid': 'message'
	});
	item.addEventListener('contextmenu', (event) => {
		if ((event.target as HTMLElement).closest('[data-user-menu]')) return;
		hooks.onMessageMenu(event, message);
	});

	const metadata = message.interaction_metadata as { user?: { id: string }; type?: number } | undefined;
	if (metadata?.user) {
		const what = state.interactionLabels.get(String((metadata as { id?: string }).id)) ?? (metadata.type === 3 ? 'a component' : 'a command');
		item.append(
			el('div', { class: 'reply-context' }, el('span', { class: 'reply-user' }, displayName(metadata.user.id, guild)), ` used ${what}`)
		);
	}

	const avatar = el('div', { class: 'avatar', 'data-user-menu': author.id, title: author.username }, (author.global_name ?? author.username)[0]!);
	avatar.style.background = avatarColor(author.id);
	avatar.addEventListener('contextmenu', (event) => hooks.onUserMenu(event, author.id));
	const name = el('span', { class: 'author', 'data-user-menu': author.id }, displayName(author.id, guild));
	const color = nameColor(author.id, guild);
	if (color) name.style.color = color;
	name.addEventListener('contextmenu', (event) => hooks.onUserMenu(event, author.id));
	const header = el(
		'div',
		{ class: 'message-header' },
		name,
		author.bot ? el('span', { class: 'bot-tag' }, 'APP') : null,
		el(
			'time',
			{ class: 'time', datetime: message.timestamp },
			new Date(message.timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
		)
	);

	const body = el('div', { class: 'message-body' }, header);
	if ((message.flags ?? 0) & MessageFlags.Loading) {
		body.append(el('div', { class: 'content thinking', 'data-testid': 'thinking' }, `${author.global_name ?? author.username} is thinking…`));
	} else if (message.content) {
		const content = el('div', { class: 'content', 'data-testid': 'content' }, renderMarkdown(message.content, message.channel_id));
		if (message.edited_timestamp) content.append(el('span', { class: 'edited', title: message.edited_timestamp }, ' (edited)'));
		body.append(content);
	}
	for (const embed of message.embeds ?? []) body.append(renderEmbed(embed, message.channel_id));
	for (const attachment of message.attachments ?? []) {
		const image = attachment.content_type?.startsWith('image/');
		body.append(
			image
				? el(
						'a',
						{ href: attachment.url, target: '_blank', class: 'attachment-image' },
						el('img', { src: attachment.url, alt: attachment.filename, 'data-testid': 'attachment-image' })
					)
				: el(
						'a',
						{ href: attachment.url, target: '_blank', class: 'attachment-file' },
						`📎 ${attachment.filename} (${attachment.size} bytes)`
					)
		);
	}
	const components = (message.components ?? []) as unknown as Component[];
	if (components.length) body.append(renderComponents(components, message, hooks));
	body.append(renderReactions(message, hooks));
	if (ephemeral) {
		const dismiss = el('button', { type: 'button', class: 'link-button' }, 'Dismiss message');
		dismiss.addEventListener('click', () => {
			state.dismissed.add(message.id);
			item.remove();
		});
		body.append(el('div', { class: 'ephemeral-note', 'data-testid': 'ephemeral-note' }, '👁 Only you can see this • ', dismiss));
	}

	const toolbar = el('div', { class: 'toolbar' });
	const react = el('button', { type: 'button', title: 'Add reaction', 'aria-label': 'Add reaction', 'data-testid': 'add-reaction' }, '🙂+');
	react.addEventListener('click', () => hooks.onReactionPicker(react, message));
	const apps = el('button', { type: 'button', title: 'Apps', 'aria-label': 'Apps' }, '⋯');
	apps.addEventListener('click', (event) => hooks.onMessageMenu(event, message));
	if (!ephemeral) toolbar.append(react);
	toolbar.append(apps);

	item.append(el('div', { class: 'message-row' }, avatar, body, toolbar));
	return item;
}

function renderEmbed(embed: APIEmbed, channelId: string): HTMLElement {
	const box = el('div', { class: 'embed', 'data-testid': 'embed' });
	if (embed.color !== undefined) box.style.borderLeftColor = `#${embed.color.toString(16).padStart(6, '0')}`;
	const main = el('div', { class: 'embed-main' });
	if (embed.author?.name) main.append(el('div', { class: 'embed-author' }, embed.author.name));
	if (embed.title) {
		const title = el('div', { class: 'embed-title' }, renderMarkdown(embed.title, channelId));
		main.append(embed.url ? el('a', { href: embed.url, target: '_blank', rel: 'noreferrer' }, title) : title);
	}
	if (embed.description) main.append(el('div', { class: 'embed-description' }, renderMarkdown(embed.description, channelId)));
	if (embed.fields?.length) {
		const fields = el('div', { class: 'embed-fields' });
		for (const field of embed.fields) {
			fields.append(
				el(
					'div',
					{ class: `embed-field${field.inline ? ' inline' : ''}` },
					el('div', { class: 'embed-field-name' }, renderMarkdown(field.name, channelId)),
					el('div', { class: 'embed-field-value' }, renderMarkdown(field.value, channelId))
				)
			);
		}
		main.append(fields);
	}
	if (embed.image?.url) main.append(el('img', { class: 'embed-image', src: embed.image.url, alt: '', 'data-testid': 'embed-image' }));
	const footerText = [embed.footer?.text, embed.timestamp ? new Date(embed.timestamp).toLocaleString() : undefined].filter(Boolean).join(' • ');
	if (footerText) main.append(el('div', { class: 'embed-footer' }, footerText));
	box.append(main);
	if (embed.thumbnail?.url) box.append(el('img', { class: 'embed-thumbnail', src: embed.thumbnail.url, alt: '' }));
	return box;
}

function renderComponents(components: Component[], message: PageMessage, hooks: RenderHooks): HTMLElement {
	const wrap = el('div', { class: 'components' });
	const visit = (component: Component, parent: HTMLElement) => {
		switch (component.type) {
			case ComponentType.ActionRow: {
				const row = el('div', { class: 'action-row' });
				for (const child of component.components ?? []) visit(child, row);
				parent.append(row);
				break;
			}
			case ComponentType.Button:
				parent.append(renderButton(component, message, hooks));
				break;
			case ComponentType.StringSelect:
			case ComponentType.UserSelect:
			case ComponentType.RoleSelect:
			case ComponentType.MentionableSelect:
			case ComponentType.ChannelSelect:
				parent.append(renderSelect(component, message, hooks));
				break;
			case ComponentType.Container:
			case ComponentType.Section: {
				const box = el('div', { class: component.type === ComponentType.Container ? 'cv2-container' : 'cv2-section' });
				for (const child of component.components ?? []) visit(child, box);
				if (component.accessory) visit(component.accessory as Component, box);
				parent.append(box);
				break;
			}
			case ComponentType.TextDisplay:
				parent.append(el('div', { class: 'content' }, renderMarkdown(String(component.content), message.channel_id)));
				break;
			case ComponentType.Separator:
				parent.append(el('hr', { class: 'cv2-separator' }));
				break;
			case ComponentType.Thumbnail:
				parent.append(el('img', { class: 'embed-thumbnail', src: String((component.media as { url: string }).url), alt: '' }));
				break;
			case ComponentType.MediaGallery:
				for (const item of (component.items as { media: { url: string } }[]) ?? [])
					parent.append(el('img', { class: 'embed-image', src: item.media.url, alt: '' }));
				break;
			default:
				break;
		}
	};
	for (const component of components) visit(component, wrap);
	return wrap;
}

function renderButton(component: Component, message: PageMessage, hooks: RenderHooks): HTMLElement {
	const emoji = component.emoji as { name?: string } | undefined;
	const label = [emoji?.name, component.label as string | undefined].filter(Boolean).join(' ') || '\u200b';
	const style = Number(component.style);
	if (style === ButtonStyle.Link) {
		return el('a', { class: `button ${BUTTON_CLASSES[style]}`, href: String(component.url), target: '_blank', rel: 'noreferrer' }, `${label} ↗`);
	}
	const customId = String(component.custom_id);
	const button = el(
		'button',
		{
			type: 'button',
			class: `button ${BUTTON_CLASSES[style] ?? 'secondary'}`,
			disabled: Boolean(component.disabled),
			'data-custom-id': customId
		},
		label
	);
	button.addEventListener('click', async () => {
		button.classList.add('pending');
		try {
			const result = await api<{ responded: boolean }>('button', { userId: state.me, messageId: message.id, customId });
			if (!result.responded) hooks.onNoResponse(message.channel_id, 'This interaction failed');
		} catch (error) {
			toast((error as Error).message);
		} finally {
			button.classList.remove('pending');
		}
	});
	return button;
}

function renderSelect(component: Component, message: PageMessage, hooks: RenderHooks): HTMLElement {
	const customId = String(component.custom_id);
	const options = selectOptions(component, message.channel_id);
	const min = Number(component.min_values ?? 1);
	const max = Number(component.max_values ?? 1);
	const select = el('select', {
		class: 'select-menu',
		'data-custom-id': customId,
		disabled: Boolean(component.disabled),
		multiple: max > 1,
		'aria-label': String(component.placeholder ?? 'Make a selection')
	});
	if (max <= 1) select.append(el('option', { value: '', disabled: true, selected: true }, String(component.placeholder ?? 'Make a selection')));
	for (const option of options) select.append(el('option', { value: option.value, title: option.description }, option.label));
	const send = async (values: string[]) => {
		if (values.length < min) return toast(`Pick at least ${min}.`);
		try {
			const result = await api<{ responded: boolean }>('select', { userId: state.me, messageId: message.id, customId, values });
			if (!result.responded) hooks.onNoResponse(message.channel_id, 'This interaction failed');
		} catch (error) {
			toast((error as Error).message);
		}
	};
	if (max <= 1) {
		select.addEventListener('change', () => void send([select.value]));
		return select;
	}
	const apply = el('button', { type: 'button', class: 'button secondary' }, 'Apply');
	apply.addEventListener('click', () => void send([...select.selectedOptions].map((o) => o.value).slice(0, max)));
	return el('div', { class: 'select-multi' }, select, apply);
}

function selectOptions(component: Component, channelId: string): { value: string; label: string; description?: string }[] {
	const guild = guildOfChannel(channelId);
	switch (component.type) {
		case ComponentType.StringSelect:
			return ((component.options as { value: string; label: string; description?: string; emoji?: { name?: string } }[]) ?? []).map((o) => ({
				value: o.value,
				label: [o.emoji?.name, o.label].filter(Boolean).join(' '),
				...(o.description ? { description: o.description } : {})
			}));
		case ComponentType.UserSelect:
			return (guild?.members ?? []).map((m) => ({ value: m.userId, label: displayName(m.userId, guild) }));
		case ComponentType.RoleSelect:
			return (guild?.roles ?? []).filter((r) => r.id !== guild?.id).map((r) => ({ value: r.id, label: `@${r.name}` }));
		case ComponentType.ChannelSelect:
			return (guild?.channels ?? []).map((c) => ({ value: c.id, label: `#${c.name}` }));
		default:
			return [
				...(guild?.members ?? []).map((m) => ({ value: m.userId, label: displayName(m.userId, guild) })),
				...(guild?.roles ?? []).filter((r) => r.id !== guild?.id).map((r) => ({ value: r.id, label: `@${r.name}` }))
			];
	}
}

function renderReactions(message: PageMessage, hooks: RenderHooks): HTMLElement {
	const bar = el('div', { class: 'reactions' });
	for (const [emoji, users] of Object.entries(message.reactors ?? {})) {
		const mine = users.includes(state.me);
		const custom = /^([^:]+):(\d+)$/.exec(emoji);
		const button = el(
			'button',
			{
				type: 'button',
				class: `reaction${mine ? ' mine' : ''}`,
				'data-emoji': emoji,
				'aria-pressed': String(mine),
				title: users.map((id) => displayName(id)).join(', ')
			},
			custom ? `:${custom[1]}:` : emoji,
			el('span', { class: 'count' }, String(users.length))
		);
		button.addEventListener('click', () => {
			api('react', { userId: state.me, messageId: message.id, emoji, add: !mine }).catch((error: Error) => toast(error.message));
		});
		bar.append(button);
	}
	if (bar.childElementCount) {
		const more = el('button', { type: 'button', class: 'reaction add', title: 'Add reaction' }, '+');
		more.addEventListener('click', () => hooks.onReactionPicker(more, message));
		bar.append(more);
	}
	return bar;
}

const AVATAR_COLORS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#747f8d'];
function avatarColor(id: string): string {
	return AVATAR_COLORS[Number(BigInt(id) % BigInt(AVATAR_COLORS.length))]!;
}
