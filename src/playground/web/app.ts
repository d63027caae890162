import { ApplicationCommandType } from 'discord-api-types/v10';
import { setUpComposer } from './composer';
import { openModal } from './modal';
import { renderMessage, visibleToMe, type RenderHooks } from './render';
import {
	api,
	commands,
	compareIds,
	currentGuild,
	displayName,
	el,
	nameColor,
	personaOf,
	rememberUser,
	state,
	toast,
	type PageEvent,
	type PageMessage,
	type Snapshot
} from './state';

const $ = (id: string) => document.getElementById(id)!;
const messageList = $('messages') as HTMLOListElement;
const menu = $('menu');
const REACTIONS = ['👍', '❤️', '😂', '🎉', '⭐', '🔥', '👀', '✅'];

const hooks: RenderHooks = {
	onUserMenu: (event, userId) => void openAppsMenu(event, ApplicationCommandType.User, userId, displayName(userId)),
	onMessageMenu: (event, message) => void openAppsMenu(event, ApplicationCommandType.Message, message.id, 'this message', message),
	onReactionPicker: (anchor, message) => openReactionPicker(anchor, message),
	onNoResponse: (channelId, what) => systemNote(channelId, what)
};
const composer = setUpComposer({
	onSlashResult(result, label) {
		labelInteraction(result.id, label);
		if (!result.responded) systemNote(state.channelId, 'The application did not respond');
	}
});

// ------------------------------------------------------------------ start-up

async function boot(): Promise<void> {
	const snapshot = await api<Snapshot>('state');
	state.bot = snapshot.bot;
	state.personas = snapshot.personas;
	rememberUser(snapshot.bot);
	for (const { user } of snapshot.personas) rememberUser(user);
	state.guilds = new Map(snapshot.guilds.map((guild) => [guild.id, guild]));
	state.messages = new Map(snapshot.messages.map((message) => [message.id, message]));
	for (const message of snapshot.messages) rememberUser(message.author);

	const query = new URLSearchParams(location.search);
	const persona = state.personas.find((p) => p.persona === query.get('as')) ?? state.personas.find((p) => p.persona === 'owner')!;
	state.me = persona.user.id;
	const guild = snapshot.guilds.find((g) => g.name === query.get('guild') || g.id === query.get('guild')) ?? snapshot.guilds[0]!;
	state.guildId = guild.id;
	state.channelId = (guild.channels.find((c) => c.name === query.get('channel') || c.id === query.get('channel')) ?? guild.channels[0]!).id;

	const select = $('persona') as HTMLSelectElement;
	select.replaceChildren(
		...state.personas.map((p) => el('option', { value: p.user.id }, `${p.user.global_name ?? p.user.username} (${p.persona})`))
	);
	select.value = state.me;
	select.addEventListener('change', () => {
		state.me = select.value;
		remember();
		renderAll();
	});
	renderAll();
	follow();
	void commands();
	document.body.dataset.ready = 'true';
}

function follow(): void {
	const source = new EventSource('/api/events');
	source.onmessage = (frame) => apply(JSON.parse(String(frame.data)) as PageEvent);
}

function apply(event: PageEvent): void {
	switch (event.type) {
		case 'message':
			rememberUser(event.message.author);
			state.messages.set(event.message.id, event.message);
			if (event.message.channel_id === state.channelId) upsert(event.message);
			break;
		case 'delete':
			state.messages.delete(event.id);
			messageList.querySelector(`[data-id="${event.id}"]`)?.remove();
			break;
		case 'guild':
			state.guilds.set(event.guild.id, event.guild);
			if (event.guild.id === state.guildId) renderAll();
			else renderGuilds();
			break;
		case 'modal':
			if (event.userId === state.me) openModal(event.modal, event, (channelId) => systemNote(channelId, 'This interaction failed'));
			break;
	}
}

// ------------------------------------------------------------------ rendering

function renderAll(): void {
	renderGuilds();
	renderChannels();
	renderMessages();
	renderPanel();
	composer.refreshPlaceholder();
}

function renderGuilds(): void {
	$('guilds').replaceChildren(
		...[...state.guilds.values()].map((guild) => {
			const initials = guild.name
				.split(/\s+/)
				.map((word) => word[0])
				.join('');
			const button = el(
				'button',
				{ type: 'button', class: `guild-icon${guild.id === state.guildId ? ' active' : ''}`, title: guild.name, 'data-guild': guild.name },
				initials
			);
			button.addEventListener('click', () => {
				state.guildId = guild.id;
				state.channelId = guild.channels[0]!.id;
				remember();
				renderAll();
				void commands();
			});
			return button;
		})
	);
}

function renderChannels(): void {
	const guild = currentGuild();
	$('guild-name').textContent = guild.name;
	$('channels').replaceChildren(
		...guild.channels.map((channel) => {
			const item = el(
				'li',
				{ class: `channel${channel.id === state.channelId ? ' active' : ''}`, 'data-channel': channel.name },
				el('span', { class: 'hash' }, '#'),
				channel.name,
				channel.nsfw ? el('span', { class: 'nsfw', title: 'Age-restricted channel' }, 'NSFW') : null
			);
			item.addEventListener('click', () => {
				state.channelId = channel.id;
				remember();
				renderAll();
			});
			return item;
		})
	);
	const channel = guild.channels.find((c) => c.id === state.channelId)!;
	$('channel-header').replaceChildren(
		el(
			'span',
			{ class: 'channel-title' },
			el('span', { class: 'hash' }, '#'),
			el('strong', {}, channel.name),
			channel.nsfw ? el('span', { class: 'nsfw' }, 'NSFW') : null,
			channel.topic ? el('span', { class: 'topic' }, channel.topic) : null
		)
	);
}

function renderMessages(): void {
	const messages = [...state.messages.values()]
		.filter((m) => m.channel_id === state.channelId && visibleToMe(m))
		.sort((a, b) => compareIds(a.id, b.id));
	messageList.replaceChildren(...messages.map((message) => renderMessage(message, hooks)));
	messageList.scrollTop = messageList.scrollHeight;
}

function upsert(message: PageMessage): void {
	const stick = messageList.scrollHeight - messageList.scrollTop - messageList.clientHeight < 80;
	const existing = messageList.querySelector(`[data-id="${message.id}"]`);
	if (!visibleToMe(message)) {
		existing?.remove();
		return;
	}
	const node = renderMessage(message, hooks);
	if (existing) existing.replaceWith(node);
	else {
		const after = [...messageList.querySelectorAll<HTMLElement>('[data-id]')]
			.reverse()
			.find((item) => compareIds(item.dataset.id!, message.id) < 0);
		if (after) after.after(node);
		else messageList.prepend(node);
	}
	if (stick) messageList.scrollTop = messageList.scrollHeight;
}

/** Remembers what an interaction was and relabels its replies that arrived before the page knew ("Mia used /ping"). */
function labelInteraction(id: string, label: string): void {
	state.interactionLabels.set(id, label);
	for (const message of state.messages.values()) {
		if ((message.interaction_metadata as { id?: string } | undefined)?.id === id && message.channel_id === state.channelId) upsert(message);
	}
}

/** A line only this page shows, as Discord does for interactions that failed. */
function systemNote(channelId: string, text: string): void {
	if (channelId !== state.channelId) return;
	messageList.append(el('li', { class: 'system-note', 'data-testid': 'system-note' }, `⚠ ${text}`));
	messageList.scrollTop = messageList.scrollHeight;
}

function renderPanel(): void {
	const guild = currentGuild();
	const me = guild.members.find((m) => m.userId === state.me);
	$('roles').replaceChildren(
		...guild.roles
			.filter((role) => role.id !== guild.id)
			.map((role) => {
				const box = el('input', {
					type: 'checkbox',
					checked: Boolean(me?.roles.includes(role.id)),
					disabled: role.managed,
					'data-role': role.name,
					'aria-label': `${role.name} role`
				});
				box.addEventListener('change', () => {
					api('role', { guildId: guild.id, userId: state.me, roleId: role.id, give: box.checked }).catch((error: Error) =>
						toast(error.message)
					);
				});
				const name = el('span', { class: 'role-name' }, role.name);
				if (role.color) name.style.color = `#${role.color.toString(16).padStart(6, '0')}`;
				return el('li', { title: role.managed ? 'Managed by Discord (boosting)' : undefined }, el('label', {}, box, name));
			})
	);
	$('members').replaceChildren(
		...guild.members.map((member) => {
			const item = el(
				'li',
				{ class: 'member', 'data-user-menu': member.userId },
				el('span', { class: 'member-name' }, displayName(member.userId)),
				member.userId === state.bot.id ? el('span', { class: 'bot-tag' }, 'APP') : null,
				member.userId === guild.ownerId ? el('span', { class: 'crown', title: 'Server owner' }, '👑') : null,
				personaOf(member.userId) ? el('span', { class: 'persona' }, personaOf(member.userId)!) : null
			);
			const color = nameColor(member.userId);
			if (color) (item.firstChild as HTMLElement).style.color = color;
			item.addEventListener('contextmenu', (event) => hooks.onUserMenu(event, member.userId));
			return item;
		})
	);
}

function remember(): void {
	const persona = personaOf(state.me);
	const channel = currentGuild().channels.find((c) => c.id === state.channelId);
	history.replaceState(null, '', `?as=${persona}&guild=${encodeURIComponent(currentGuild().name)}&channel=${channel?.name ?? ''}`);
}

// ------------------------------------------------------------------ menus

async function openAppsMenu(event: MouseEvent, type: ApplicationCommandType, targetId: string, what: string, message?: PageMessage): Promise<void> {
	event.preventDefault();
	const { clientX, clientY } = event;
	const apps = (await commands()).filter((command) => command.type === type);
	const items: HTMLElement[] = [el('div', { class: 'menu-title' }, `Apps for ${what}`)];
	for (const app of apps) {
		const item = el('button', { type: 'button', role: 'menuitem', class: 'menu-item' }, app.name);
		item.addEventListener('click', () => {
			closeMenu();
			api<{ id: string; responded: boolean }>('context', {
				userId: state.me,
				channelId: state.channelId,
				kind: type === ApplicationCommandType.Message ? 'message' : 'user',
				name: app.name,
				targetId
			})
				.then((result) => {
					labelInteraction(result.id, app.name);
					if (!result.responded) systemNote(state.channelId, 'The application did not respond');
				})
				.catch((error: Error) => toast(error.message));
		});
		items.push(item);
	}
	if (!apps.length) items.push(el('div', { class: 'menu-empty' }, 'No apps here'));
	if (message) {
		const react = el('button', { type: 'button', role: 'menuitem', class: 'menu-item' }, 'Add Reaction');
		react.addEventListener('click', () => {
			closeMenu();
			const anchor = messageList.querySelector<HTMLElement>(`[data-id="${message.id}"] .toolbar`);
			if (anchor) openReactionPicker(anchor, message);
		});
		items.push(react);
	}
	menu.replaceChildren(...items);
	menu.style.left = `${Math.min(clientX, innerWidth - 220)}px`;
	menu.style.top = `${Math.min(clientY, innerHeight - 40 - 32 * items.length)}px`;
	menu.hidden = false;
}

function openReactionPicker(anchor: HTMLElement, message: PageMessage): void {
	const rect = anchor.getBoundingClientRect();
	menu.replaceChildren(
		el('div', { class: 'menu-title' }, 'Add a reaction'),
		el(
			'div',
			{ class: 'emoji-grid' },
			...REACTIONS.map((emoji) => {
				const button = el('button', { type: 'button', class: 'emoji', 'data-emoji': emoji }, emoji);
				button.addEventListener('click', () => {
					closeMenu();
					api('react', { userId: state.me, messageId: message.id, emoji, add: true }).catch((error: Error) => toast(error.message));
				});
				return button;
			})
		)
	);
	menu.style.left = `${Math.max(8, Math.min(rect.left - 160, innerWidth - 240))}px`;
	menu.style.top = `${Math.max(8, rect.top - 90)}px`;
	menu.hidden = false;
}

function closeMenu(): void {
	menu.hidden = true;
}

document.addEventListener('click', (event) => {
	if (!menu.hidden && !menu.contains(event.target as Node) && !(event.target as HTMLElement).closest('.toolbar, .reaction.add')) closeMenu();
});
document.addEventListener('keydown', (event) => {
	if (event.key === 'Escape') closeMenu();
});

boot().catch((error: Error) => {
	document.body.textContent = `The playground could not load: ${error.message}`;
});
