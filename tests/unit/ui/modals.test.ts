import { ComponentType, TextInputStyle } from 'discord.js';
import { buildModal, readModalFields, validateModalSpec, type ModalFieldSource, type ModalSpec } from '#shared/ui/modals';

const spec = {
	customId: 'tika:report',
	title: 'Report a problem',
	fields: [
		{ id: 'summary', label: 'Summary', min: 5, max: 50, placeholder: 'One line' },
		{ id: 'details', label: 'Details', style: 'paragraph', required: false, max: 500, value: 'It broke when…' }
	]
} satisfies ModalSpec<'summary' | 'details'>;

/** A submitted modal as discord.js exposes it: getTextInputValue throws for a field that was not sent. */
function submitted(values: Record<string, string>): ModalFieldSource {
	return {
		fields: {
			getTextInputValue(id: string) {
				if (!(id in values)) throw new TypeError(`no field ${id}`);
				return values[id]!;
			}
		}
	};
}

describe('buildModal', () => {
	it('builds one labelled text input per field with its limits', () => {
		const json = buildModal(spec).toJSON();
		expect(json).toMatchObject({ custom_id: 'tika:report', title: 'Report a problem' });
		expect(json.components).toHaveLength(2);
		expect(json.components[0]).toMatchObject({
			type: ComponentType.Label,
			label: 'Summary',
			component: {
				type: ComponentType.TextInput,
				custom_id: 'summary',
				style: TextInputStyle.Short,
				required: true,
				min_length: 5,
				max_length: 50,
				placeholder: 'One line'
			}
		});
		expect(json.components[1]).toMatchObject({
			component: { custom_id: 'details', style: TextInputStyle.Paragraph, required: false, max_length: 500, value: 'It broke when…' }
		});
	});

	it('names the field that breaks a Discord limit', () => {
		expect(() => buildModal({ customId: 'x', title: 'x', fields: [{ id: 'a', label: 'L'.repeat(50) }] })).toThrow(
			'Modal "x": field "a" label must be at most 45 characters (got 50)'
		);
	});
});

describe('validateModalSpec', () => {
	it('accepts a spec within the limits', () => {
		expect(validateModalSpec(spec)).toEqual([]);
	});

	it('lists every problem at once', () => {
		const problems = validateModalSpec({
			customId: 'x',
			title: 'T'.repeat(46),
			fields: [
				{ id: 'a', label: 'A', min: 10, max: 5 },
				{ id: 'a', label: 'B', max: 5000, value: 'v' }
			]
		});
		expect(problems).toEqual([
			'title must be at most 45 characters (got 46)',
			'field "a" min (10) is greater than max (5)',
			'field "a" appears twice',
			'field "a" max must be a whole number from 1 to 4000 (got 5000)'
		]);
	});

	it('refuses more than five fields', () => {
		const fields = Array.from({ length: 6 }, (_, i) => ({ id: `f${i}`, label: `F${i}` }));
		expect(validateModalSpec({ customId: 'x', title: 'x', fields })).toContain('a modal needs 1 to 5 fields (got 6)');
	});
});

describe('readModalFields', () => {
	it('returns trimmed values when everything is valid', () => {
		const result = readModalFields(submitted({ summary: '  Bot is down  ', details: 'Since noon. ' }), spec);
		expect(result).toEqual({ ok: true, values: { summary: 'Bot is down', details: 'Since noon.' }, errors: [] });
	});

	it('reports a required field left blank, even when it was only spaces', () => {
		const result = readModalFields(submitted({ summary: '   ', details: '' }), spec);
		expect(result.ok).toBe(false);
		expect(result.errors).toEqual(['Summary is required.']);
	});

	it('accepts an optional field that was not submitted at all', () => {
		const result = readModalFields(submitted({ summary: 'Bot is down' }), spec);
		expect(result.ok).toBe(true);
		expect(result.values.details).toBe('');
	});

	it('reports text that is too short or too long, with the lengths', () => {
		const result = readModalFields(submitted({ summary: 'abc', details: 'x'.repeat(501) }), spec);
		expect(result.errors).toEqual([
			'Summary must be at least 5 characters long (got 3).',
			'Details must be at most 500 characters long (got 501).'
		]);
	});

	it('takes a bare list of fields as well as the whole spec', () => {
		expect(readModalFields(submitted({ summary: 'Bot is down' }), spec.fields).ok).toBe(true);
	});
});
