import { parse } from 'discord-markdown-parser';
import { displayName, el, guildOfChannel, nameColor, state } from './state';

type AstNode = { type: string; content?: unknown; [key: string]: unknown };

/**
 * Discord markdown → DOM. Parsing is discord-markdown-parser's (simple-markdown with Discord's rules: spoilers,
 * mentions, timestamps, custom emoji, headings, subtext, code blocks); this only turns its syntax tree into elements,
 * always as text nodes (never innerHTML), so nothing the bot or a user writes can inject markup.
 */
export function renderMarkdown(text: string, channelId: string, extended = true): DocumentFragment {
	const fragment = document.createDocumentFragment();
	for (const node of parse(text, extended ? 'extended' : 'normal') as AstNode[]) fragment.append(renderNode(node, channelId));
	return fragment;
}

function children(node: AstNode, channelId: string): DocumentFragment {
	const fragment = document.createDocumentFragment();
	const content = node.content;
	if (typeof content === 'string') fragment.append(content);
	else if (Array.isArray(content)) for (const child of content as AstNode[]) fragment.append(renderNode(child, channelId));
	return fragment;
}

function renderNode(node: AstNode, channelId: string): Node {
	const inner = () => children(node, channelId);
	switch (node.type) {
		case 'text':
			return document.createTextNode(String(node.content));
		case 'strong':
			return el('strong', {}, inner());
		case 'em':
			return el('em', {}, inner());
		case 'underline':
			return el('u', {}, inner());
		case 'strikethrough':
			return el('s', {}, inner());
		case 'inlineCode':
			return el('code', { class: 'inline-code' }, String(node.content));
		case 'codeBlock':
			return el('pre', { class: 'code-block' }, el('code', { 'data-lang': String(node.lang ?? '') }, String(node.content)));
		case 'blockQuote':
			return el('blockquote', {}, inner());
		case 'spoiler': {
			const spoiler = el('span', { class: 'spoiler', title: 'Spoiler: click to reveal' }, inner());
			spoiler.addEventListener('click', () => spoiler.classList.add('revealed'));
			return spoiler;
		}
		case 'heading':
			return el(`h${Math.min(3, Number(node.level) || 1)}` as 'h1', { class: 'md-heading' }, inner());
		case 'subtext':
			return el('small', { class: 'subtext' }, inner());
		case 'br':
		case 'newline':
			return el('br');
		case 'link':
		case 'url':
		case 'autolink': {
			const target = String(node.target ?? '');
			const safe = /^https?:\/\//i.test(target) ? target : undefined;
			return el('a', { href: safe, target: '_blank', rel: 'noreferrer noopener' }, inner());
		}
		case 'user': {
			const id = String(node.id);
			const color = nameColor(id, guildOfChannel(channelId));
			const mention = el('span', { class: 'mention', 'data-user': id }, `@${displayName(id, guildOfChannel(channelId))}`);
			if (color) mention.style.color = color;
			return mention;
		}
		case 'role': {
			const role = guildOfChannel(channelId)?.roles.find((r) => r.id === node.id);
			return el('span', { class: 'mention role-mention' }, `@${role?.name ?? 'unknown-role'}`);
		}
		case 'channel': {
			const channel = [...state.guilds.values()].flatMap((g) => g.channels).find((c) => c.id === node.id);
			return el('span', { class: 'mention' }, `#${channel?.name ?? 'unknown'}`);
		}
		case 'everyone':
			return el('span', { class: 'mention' }, '@everyone');
		case 'here':
			return el('span', { class: 'mention' }, '@here');
		case 'slashCommand':
			return el('span', { class: 'mention' }, `/${String(node.fullName ?? node.name ?? '')}`);
		case 'emoji':
			return el('span', { class: 'custom-emoji', title: `:${String(node.name)}:` }, `:${String(node.name)}:`);
		case 'twemoji':
			return document.createTextNode(String(node.name));
		case 'timestamp':
			return el('time', { class: 'timestamp-mention' }, formatTimestamp(Number(node.timestamp), String(node.format ?? 'f')));
		default:
			return node.content === undefined ? document.createTextNode('') : inner();
	}
}

/** `<t:unix:format>` as Discord shows it in the reader's locale. */
export function formatTimestamp(seconds: number, format: string): string {
	const date = new Date(seconds * 1000);
	switch (format) {
		case 't':
			return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
		case 'T':
			return date.toLocaleTimeString();
		case 'd':
			return date.toLocaleDateString();
		case 'D':
			return date.toLocaleDateString([], { dateStyle: 'long' });
		case 'F':
			return date.toLocaleString([], { dateStyle: 'full', timeStyle: 'short' });
		case 'R':
			return relative(date);
		default:
			return date.toLocaleString([], { dateStyle: 'long', timeStyle: 'short' });
	}
}

function relative(date: Date): string {
	const seconds = Math.round((date.getTime() - Date.now()) / 1000);
	const units: [Intl.RelativeTimeFormatUnit, number][] = [
		['year', 31_536_000],
		['month', 2_592_000],
		['day', 86_400],
		['hour', 3_600],
		['minute', 60],
		['second', 1]
	];
	const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
	return new Intl.RelativeTimeFormat([], { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}
