import { ComponentType, EmbedBuilder, MessageFlags, type RepliableInteraction } from 'discord.js';
import { Colors } from '#shared/ui/colors';
import { SmartEmbed } from '#shared/ui/embeds';
import { buildPages, paginate, PAGINATOR_ACTIONS, type PageInfo } from '#shared/ui/paginator';

const render = (items: readonly number[], page: PageInfo) =>
	new EmbedBuilder().setTitle(`Page ${page.index + 1}/${page.count}`).setDescription(items.join(',') || 'empty');

describe('buildPages', () => {
	it('cuts items into pages of perPage', () => {
		const pages = buildPages({ items: [1, 2, 3, 4, 5, 6, 7], perPage: 3, render });
		expect(pages.map((page) => page.data.description)).toEqual(['1,2,3', '4,5,6', '7']);
		expect(pages.map((page) => page.data.title)).toEqual(['Page 1/3', 'Page 2/3', 'Page 3/3']);
	});

	it("tells render where each page's items start, for numbering", () => {
		const offsets: number[] = [];
		buildPages({
			items: Array.from({ length: 25 }, (_, i) => i),
			perPage: 10,
			render: (items, page) => (offsets.push(page.offset), render(items, page))
		});
		expect(offsets).toEqual([0, 10, 20]);
	});

	it('draws a single empty page when there are no items', () => {
		const pages = buildPages({ items: [], perPage: 5, render });
		expect(pages).toHaveLength(1);
		expect(pages[0]!.data.description).toBe('empty');
	});

	it('stands in a neutral page for an empty list of embeds', () => {
		const pages = buildPages([]);
		expect(pages).toHaveLength(1);
		expect(pages[0]!.data.description).toBe('Nothing to show.');
	});

	it("gives pages Tika's colour and footer when they have none", () => {
		const [page] = buildPages([new EmbedBuilder().setDescription('x')], { botName: 'Tika' });
		expect(page!.data.color).toBe(Colors.brand);
		expect(page!.data.footer?.text).toBe('Tika');
	});

	it('keeps the colour and footer a page already has', () => {
		const [page] = buildPages([SmartEmbed.success('Saved').setFooter({ text: 'custom' })]);
		expect(page!.data.color).toBe(Colors.success);
		expect(page!.data.footer?.text).toBe('custom');
	});

	it('refuses a page size below one', () => {
		expect(() => buildPages({ items: [1], perPage: 0, render })).toThrow('buildPages: perPage must be a whole number of at least 1 (got 0)');
	});
});

describe('PAGINATOR_ACTIONS', () => {
	type Handler = { index: number; pages: unknown[] };
	const press = (customId: string, handler: Handler) => {
		const action = PAGINATOR_ACTIONS.find((candidate) => 'customId' in candidate && candidate.customId === customId)!;
		(action as unknown as { run: (context: { handler: Handler }) => void }).run({ handler });
		return handler.index;
	};

	it('wraps around at both ends', () => {
		expect(press('tika:page:previous', { index: 0, pages: [1, 2, 3] })).toBe(2);
		expect(press('tika:page:next', { index: 2, pages: [1, 2, 3] })).toBe(0);
	});

	it('jumps to the first and last page', () => {
		expect(press('tika:page:first', { index: 2, pages: [1, 2, 3] })).toBe(0);
		expect(press('tika:page:last', { index: 0, pages: [1, 2, 3] })).toBe(2);
	});

	it('uses buttons only, so lists longer than 25 pages work', () => {
		expect(PAGINATOR_ACTIONS.every((action) => action.type === ComponentType.Button)).toBe(true);
	});
});

describe('paginate', () => {
	const interaction = (state: { deferred?: boolean } = {}) => ({
		token: 'token',
		user: { id: 'owner' },
		deferred: state.deferred ?? false,
		replied: false,
		reply: jest.fn(async () => undefined),
		editReply: jest.fn(async () => undefined)
	});

	it('sends a single page as a plain reply with no buttons and nothing left running', async () => {
		const context = interaction();
		const result = await paginate(context as unknown as RepliableInteraction, { items: [1, 2], perPage: 10, render }, { ephemeral: true });
		expect(result).toBeNull();
		expect(context.reply).toHaveBeenCalledWith({ embeds: [expect.any(EmbedBuilder)], flags: MessageFlags.Ephemeral });
	});

	it('edits a deferred reply with a single page', async () => {
		const context = interaction({ deferred: true });
		await paginate(context as unknown as RepliableInteraction, [new EmbedBuilder().setDescription('only')]);
		expect(context.reply).not.toHaveBeenCalled();
		expect(context.editReply).toHaveBeenCalledWith({ embeds: [expect.any(EmbedBuilder)] });
	});
});
