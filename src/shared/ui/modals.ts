import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';

export interface ModalFieldSpec<Id extends string = string> {
	/** The text input's custom id, and the key of its value in {@link readModalFields}' result. */
	id: Id;
	/** Up to 45 characters. */
	label: string;
	/** Shown under the label, up to 100 characters. */
	description?: string;
	/** Default 'short' (one line). */
	style?: 'short' | 'paragraph';
	/** Default true, as in Discord. */
	required?: boolean;
	/** Minimum length, 0–4000. */
	min?: number;
	/** Maximum length, 1–4000. */
	max?: number;
	/** Pre-filled text, e.g. the current setting when editing it. */
	value?: string;
	/** Up to 100 characters. */
	placeholder?: string;
}

export interface ModalSpec<Id extends string = string> {
	customId: string;
	/** Up to 45 characters. */
	title: string;
	/** One to five fields. */
	fields: readonly ModalFieldSpec<Id>[];
}

export interface ModalFieldsResult<Id extends string = string> {
	/** True when `errors` is empty. */
	ok: boolean;
	/** Every field's text, trimmed; '' for an optional field left blank. */
	values: Record<Id, string>;
	/** One sentence per problem, naming the field by its label, ready to show the user. */
	errors: string[];
}

/** The part of a ModalSubmitInteraction that {@link readModalFields} reads, so tests can pass a plain object. */
export interface ModalFieldSource {
	fields: { getTextInputValue(customId: string): string };
}

/** Discord's modal limits (https://discord.com/developers/docs/components/reference#text-input). */
export const ModalLimits = {
	fields: 5,
	title: 45,
	customId: 100,
	label: 45,
	description: 100,
	placeholder: 100,
	length: 4000
} as const;

/**
 * The problems with a modal spec, empty when Discord will accept it. Checked here, with the field named, because
 * Discord's own rejection arrives later as "Invalid Form Body" with a JSON path and no hint of which plugin sent it.
 */
export function validateModalSpec(spec: ModalSpec): string[] {
	const problems: string[] = [];
	const within = (value: string | undefined, max: number, what: string) => {
		if (value !== undefined && value.length > max) problems.push(`${what} must be at most ${max} characters (got ${value.length})`);
	};
	if (!spec.title.trim()) problems.push('title must not be empty');
	within(spec.title, ModalLimits.title, 'title');
	if (!spec.customId) problems.push('customId must not be empty');
	within(spec.customId, ModalLimits.customId, 'customId');
	if (spec.fields.length < 1 || spec.fields.length > ModalLimits.fields) {
		problems.push(`a modal needs 1 to ${ModalLimits.fields} fields (got ${spec.fields.length})`);
	}

	const seen = new Set<string>();
	for (const field of spec.fields) {
		const name = `field "${field.id}"`;
		if (!field.id) problems.push('every field needs an id');
		else if (seen.has(field.id)) problems.push(`${name} appears twice`);
		seen.add(field.id);
		within(field.id, ModalLimits.customId, `${name} id`);
		if (!field.label.trim()) problems.push(`${name} needs a label`);
		within(field.label, ModalLimits.label, `${name} label`);
		within(field.description, ModalLimits.description, `${name} description`);
		within(field.placeholder, ModalLimits.placeholder, `${name} placeholder`);
		const { min, max } = field;
		if (min !== undefined && !(Number.isInteger(min) && min >= 0 && min <= ModalLimits.length)) {
			problems.push(`${name} min must be a whole number from 0 to ${ModalLimits.length} (got ${min})`);
		}
		if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= ModalLimits.length)) {
			problems.push(`${name} max must be a whole number from 1 to ${ModalLimits.length} (got ${max})`);
		}
		if (min !== undefined && max !== undefined && min > max) problems.push(`${name} min (${min}) is greater than max (${max})`);
		within(field.value, max ?? ModalLimits.length, `${name} value`);
	}
	return problems;
}

/** Builds a modal of labelled text inputs. Throws a TypeError listing every problem when the spec breaks Discord's limits. */
export function buildModal<Id extends string>(spec: ModalSpec<Id>): ModalBuilder {
	const problems = validateModalSpec(spec);
	if (problems.length) throw new TypeError(`Modal "${spec.customId}": ${problems.join('; ')}`);

	const labels = spec.fields.map((field) => {
		const input = new TextInputBuilder()
			.setCustomId(field.id)
			.setStyle(field.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short)
			.setRequired(field.required ?? true);
		if (field.min !== undefined) input.setMinLength(field.min);
		if (field.max !== undefined) input.setMaxLength(field.max);
		if (field.placeholder) input.setPlaceholder(field.placeholder);
		if (field.value) input.setValue(field.value);
		// Labels replace the text input's own (deprecated) label and can carry a description.
		const label = new LabelBuilder().setLabel(field.label).setTextInputComponent(input);
		if (field.description) label.setDescription(field.description);
		return label;
	});
	return new ModalBuilder().setCustomId(spec.customId).setTitle(spec.title).addLabelComponents(labels);
}

/**
 * Reads and checks a submitted modal against the spec it was built from. Discord enforces the lengths in its client,
 * but a submission is user input like any other, so the bot checks again rather than trusting it. Values are trimmed
 * first, so "   " does not satisfy a required field.
 */
export function readModalFields<Id extends string>(
	interaction: ModalFieldSource,
	spec: ModalSpec<Id> | readonly ModalFieldSpec<Id>[]
): ModalFieldsResult<Id> {
	const fields = isSpecList(spec) ? spec : spec.fields;
	const values = {} as Record<Id, string>;
	const errors: string[] = [];
	for (const field of fields) {
		const value = readText(interaction, field.id).trim();
		values[field.id] = value;
		const required = field.required ?? true;
		if (!value) {
			if (required) errors.push(`${field.label} is required.`);
			continue;
		}
		if (field.min !== undefined && value.length < field.min) {
			errors.push(`${field.label} must be at least ${plural(field.min)} long (got ${value.length}).`);
		}
		if (field.max !== undefined && value.length > field.max) {
			errors.push(`${field.label} must be at most ${plural(field.max)} long (got ${value.length}).`);
		}
	}
	return { ok: errors.length === 0, values, errors };
}

function readText(interaction: ModalFieldSource, id: string): string {
	try {
		return interaction.fields.getTextInputValue(id) ?? '';
	} catch {
		// discord.js throws for a field that was not submitted (an optional input left out); treat it as blank.
		return '';
	}
}

function isSpecList<Id extends string>(spec: ModalSpec<Id> | readonly ModalFieldSpec<Id>[]): spec is readonly ModalFieldSpec<Id>[] {
	return Array.isArray(spec);
}

function plural(count: number): string {
	return count === 1 ? '1 character' : `${count} characters`;
}
