import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlCached } from '#core/yaml';
import type { Difficulty } from './tictactoe';

export const WORDS_PATH = join(__dirname, '../../../../assets/templates/hangman/words.yml');
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

export type WordLists = Record<string, Record<Difficulty, string[]>>;

/** Reads and checks the word lists: every category has the three difficulties, every word is letters A–Z. */
export function loadWordLists(path = WORDS_PATH): WordLists {
	const text = readFileSync(path, 'utf8');
	const raw = parseYamlCached(text, ({ parse }) => parse(text)) as Record<string, Record<string, unknown>>;
	const lists: WordLists = {};
	for (const [category, levels] of Object.entries(raw ?? {})) {
		const entry = {} as Record<Difficulty, string[]>;
		for (const difficulty of DIFFICULTIES) {
			const words = levels?.[difficulty];
			if (!Array.isArray(words) || words.length === 0) throw new Error(`${path}: ${category}.${difficulty} needs a list of words`);
			entry[difficulty] = words.map((word) => {
				const clean = String(word).trim().toUpperCase();
				if (!/^[A-Z]{2,30}$/.test(clean))
					throw new Error(`${path}: ${category}.${difficulty}: "${String(word)}" is not a word of letters A-Z`);
				return clean;
			});
		}
		lists[category] = entry;
	}
	if (Object.keys(lists).length === 0) throw new Error(`${path}: no categories`);
	return lists;
}

let cached: WordLists | null = null;
export function wordLists(): WordLists {
	return (cached ??= loadWordLists());
}

/** A random word; an unknown or missing category picks a random category. */
export function pickWord(category: string | null, difficulty: Difficulty, random: () => number = Math.random): { word: string; category: string } {
	const lists = wordLists();
	const names = Object.keys(lists);
	const chosen = category && lists[category] ? category : names[Math.floor(random() * names.length)]!;
	const words = lists[chosen]![difficulty];
	return { word: words[Math.floor(random() * words.length)]!, category: chosen };
}
