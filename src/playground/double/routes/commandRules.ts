import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { DiscordApiError, invalidForm } from '../errors';
import type { Json } from './shared';

/**
 * What Discord refuses when application commands are registered (global or guild: the same limits per scope), with
 * Discord's error shapes. Sources: discord/discord-api-spec `specs/openapi.json` (`ApplicationCommandUpdateRequest`,
 * the option and choice schemas, `maxItems: 130` on the bulk overwrite body) and the Application Commands page of
 * discord/discord-api-docs (naming regex, description 1-100 for `CHAT_INPUT`, 100 `CHAT_INPUT` + 15 `USER` + 15 `MESSAGE`
 * commands per scope). Not checked: the 8000-character total per command, localizations, option value ranges.
 */

/** `CHAT_INPUT` command names and every option name (with the unicode flag; lowercase where a letter has a lowercase form). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** Bulk overwrite body: at most 130 commands (100 + 15 + 15). */
export const MAX_COMMANDS_PER_PUT = 130;
/** Commands of each type one scope may hold. */
export const COMMAND_LIMITS: Readonly<Record<number, number>> = {
	[ApplicationCommandType.ChatInput]: 100,
	[ApplicationCommandType.User]: 15,
	[ApplicationCommandType.Message]: 15
};
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;

type FieldErrors = { [field: string]: FieldErrors } | { _errors: { code: string; message: string }[] };

const fieldError = (code: string, message: string): FieldErrors => ({ _errors: [{ code, message }] });
const required = () => fieldError('BASE_TYPE_REQUIRED', 'This field is required');
const badLength = (min: number, max: number) => fieldError('BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
export const tooMany = (max: number) => fieldError('BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);

export const typeOf = (input: Json): number => (input.type as number | null | undefined) ?? ApplicationCommandType.ChatInput;

/** Discord's answer when a scope would hold more commands of one type than allowed. */
export const tooManyCommands = (type: number) =>
	new DiscordApiError(400, 30032, `Maximum number of application commands reached (${COMMAND_LIMITS[type] ?? 1})`);

function text(value: unknown, min: number, max: number, options: { name?: boolean } = {}): FieldErrors | null {
	if (value === undefined || value === null) return required();
	if (typeof value !== 'string' || [...value].length < min || [...value].length > max) return badLength(min, max);
	if (options.name && (!NAME.test(value) || value.toLowerCase() !== value))
		return fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
	return null;
}

/** Collects `field → errors` for the fields that have any; null when all are fine. */
function collect(entries: [string, FieldErrors | null][]): FieldErrors | null {
	const errors: Record<string, FieldErrors> = {};
	for (const [field, error] of entries) if (error) errors[field] = error;
	return Object.keys(errors).length ? errors : null;
}

function list(value: unknown, max: number, check: (item: Json) => FieldErrors | null): FieldErrors | null {
	if (value === undefined || value === null) return null;
	if (!Array.isArray(value)) return fieldError('BASE_TYPE_ARRAY', 'Must be an array');
	if (value.length > max) return tooMany(max);
	return collect(value.map((item, index) => [String(index), check((item ?? {}) as Json)]));
}

function option(input: Json): FieldErrors | null {
	const nested = input.type === ApplicationCommandOptionType.Subcommand || input.type === ApplicationCommandOptionType.SubcommandGroup;
	return collect([
		['name', text(input.name, 1, 32, { name: true })],
		['description', text(input.description, 1, 100)],
		['choices', list(input.choices, MAX_CHOICES, (choice) => collect([['name', text(choice.name, 1, 100)]]))],
		['options', nested ? list(input.options, MAX_OPTIONS, option) : null]
	]);
}

/** The errors Discord answers for one command definition, or null when it would accept it. */
export function commandErrors(input: Json): FieldErrors | null {
	const type = typeOf(input);
	if (!(type in COMMAND_LIMITS) && type !== ApplicationCommandType.PrimaryEntryPoint) {
		return { type: fieldError('BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.') };
	}
	const chatInput = type === ApplicationCommandType.ChatInput;
	return collect([
		['name', text(input.name, 1, 32, { name: chatInput })],
		// USER and MESSAGE commands have an empty description; only its length is checked.
		['description', chatInput ? text(input.description, 1, 100) : input.description ? text(input.description, 0, 100) : null],
		['options', chatInput ? list(input.options, MAX_OPTIONS, option) : null]
	]);
}

/** Refuses a bulk overwrite body the way Discord does: shape and size first, then each command, then names and counts. */
export function assertValidCommandList(body: unknown): Json[] {
	if (!Array.isArray(body)) throw invalidForm(fieldError('BASE_TYPE_ARRAY', 'Must be an array'));
	if (body.length > MAX_COMMANDS_PER_PUT) throw invalidForm(tooMany(MAX_COMMANDS_PER_PUT));
	const commands = body.map((item) => (item ?? {}) as Json);
	const seen = new Set<string>();
	const errors = collect(
		commands.map((input, index) => {
			const key = `${typeOf(input)}:${String(input.name)}`;
			const duplicate = seen.has(key);
			seen.add(key);
			return [
				String(index),
				commandErrors(input) ??
					(duplicate ? fieldError('APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique') : null)
			];
		})
	);
	if (errors) throw invalidForm(errors);
	for (const [type, limit] of Object.entries(COMMAND_LIMITS)) {
		if (commands.filter((input) => typeOf(input) === Number(type)).length > limit) throw tooManyCommands(Number(type));
	}
	return commands;
}

/** Refuses one command definition (POST, or PATCH after merging) the way Discord does. */
export function assertValidCommand(input: Json): void {
	const errors = commandErrors(input);
	if (errors) throw invalidForm(errors);
}
