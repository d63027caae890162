import { MAX_RESPONSE_LENGTH, MAX_RESPONSES, MAX_WEIGHT, type Mode, type WeightedResponse } from './kinds';
import { placeholderList, unknownPlaceholders } from './template';

/**
 * The responses of a trigger, typed in one option: several are separated by `||` with a space on each side, each may
 * start with a weight (`3: `, a whole number 0-100, default 1) and one is picked at random by weight:
 *
 *     3: Good morning! || 1: Morning. || 0: (switched off for now)
 *
 * The spaces around `||` keep Discord spoilers (`||like this||`) inside a response intact.
 */
export const RESPONSE_SEPARATOR = ' || ';
const SEPARATOR = /\s+\|\|\s+/;
const WEIGHT = /^(\d{1,4})\s*:\s+/;

export type ResponsesResult = { ok: true; responses: WeightedResponse[] } | { ok: false; reason: string };

export function parseResponses(input: string, mode: Mode): ResponsesResult {
	const parts = input.trim().split(SEPARATOR);
	if (parts.length > MAX_RESPONSES)
		return { ok: false, reason: `That is ${parts.length} responses; a trigger can pick from ${MAX_RESPONSES} at most.` };
	const responses: WeightedResponse[] = [];
	for (const [index, part] of parts.entries()) {
		const which = parts.length === 1 ? 'The response' : `Response ${index + 1}`;
		const weighted = WEIGHT.exec(part);
		const weight = weighted ? Number(weighted[1]) : 1;
		const text = (weighted ? part.slice(weighted[0].length) : part).trim();
		if (weight > MAX_WEIGHT) return { ok: false, reason: `${which} has weight ${weight}; weights are whole numbers from 0 to ${MAX_WEIGHT}.` };
		if (text.length === 0) return { ok: false, reason: `${which} is empty.` };
		if (text.length > MAX_RESPONSE_LENGTH)
			return {
				ok: false,
				reason: `${which} is ${text.length.toLocaleString('en-US')} characters long; Discord's limit for a message is ${MAX_RESPONSE_LENGTH.toLocaleString('en-US')}.`
			};
		if (mode === 'react') {
			if (!isEmoji(text))
				return {
					ok: false,
					reason: `${which} must be one emoji in react mode (such as 👋 or a custom <:name:id>), not \`${text.slice(0, 50)}\`.`
				};
		} else {
			const unknown = unknownPlaceholders(text);
			if (unknown.length)
				return {
					ok: false,
					reason: `${which} uses ${unknown.map((name) => `\`{${name}}\``).join(', ')}, which I do not know. Valid placeholders: ${placeholderList()}.`
				};
		}
		responses.push({ text, weight });
	}
	if (responses.every((response) => response.weight === 0))
		return { ok: false, reason: 'Every response has weight 0, so none could ever be picked.' };
	return { ok: true, responses };
}

/** A response at random by weight (`random` returns [0, 1)); null when every weight is 0. */
export function pickResponse(responses: readonly WeightedResponse[], random: () => number = Math.random): WeightedResponse | null {
	const total = responses.reduce((sum, response) => sum + response.weight, 0);
	if (total <= 0) return null;
	let roll = random() * total;
	for (const response of responses) {
		if (response.weight === 0) continue;
		roll -= response.weight;
		if (roll < 0) return response;
	}
	// Floating point at the very top of the range: the last response that can be picked.
	return responses.findLast((response) => response.weight > 0)!;
}

/** The responses as they would be typed back in (weights shown when any is not 1). */
export function formatResponses(responses: readonly WeightedResponse[]): string {
	const weighted = responses.some((response) => response.weight !== 1);
	return responses.map((response) => (weighted ? `${response.weight}: ${response.text}` : response.text)).join(RESPONSE_SEPARATOR);
}

/** Reads the stored JSON, dropping anything malformed (older versions, hand edits). */
export function parseStoredResponses(stored: unknown): WeightedResponse[] {
	if (!Array.isArray(stored)) return [];
	return stored.flatMap((entry: unknown) => {
		const { text, weight } = (entry ?? {}) as { text?: unknown; weight?: unknown };
		if (typeof text !== 'string' || text.length === 0) return [];
		return [{ text, weight: typeof weight === 'number' && Number.isInteger(weight) && weight >= 0 && weight <= MAX_WEIGHT ? weight : 1 }];
	});
}

const CUSTOM_EMOJI = /^<a?:\w{2,32}:\d{17,20}>$/;
const EMOJI_PART = '(?:\\p{Extended_Pictographic}|\\p{Emoji_Presentation})(?:\\uFE0F|\\p{Emoji_Modifier})?';
const UNICODE_EMOJI = new RegExp(
	`^(?:\\p{Regional_Indicator}{2}|[#*0-9]\\uFE0F?\\u20E3|${EMOJI_PART}(?:\\u200D${EMOJI_PART})*[\\u{E0020}-\\u{E007F}]*)$`,
	'u'
);

/** One Unicode emoji (flags, keycaps, skin tones and ZWJ sequences included) or a custom one written `<:name:id>`. */
export function isEmoji(text: string): boolean {
	return CUSTOM_EMOJI.test(text) || UNICODE_EMOJI.test(text);
}
