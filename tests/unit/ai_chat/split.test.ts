import { MESSAGE_LIMIT, splitAnswer } from '../../../src/plugins/ai_chat/lib/split';

const fences = (part: string) => (part.match(/^```/gm) ?? []).length;

describe('splitAnswer', () => {
	it('GIVEN an answer within the limit THEN it is one part, untouched', () => {
		expect(splitAnswer('Hello there.\n\nSecond paragraph.')).toEqual(['Hello there.\n\nSecond paragraph.']);
		expect(splitAnswer('x'.repeat(MESSAGE_LIMIT))).toEqual(['x'.repeat(MESSAGE_LIMIT)]);
	});

	it('GIVEN paragraphs over the limit THEN it cuts between paragraphs, never inside one', () => {
		const paragraphs = Array.from({ length: 6 }, (_, index) => `P${index} ${'word '.repeat(120).trim()}.`);
		const parts = splitAnswer(paragraphs.join('\n\n'));
		expect(parts.length).toBeGreaterThan(1);
		for (const part of parts) expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
		for (const paragraph of paragraphs) expect(parts.some((part) => part.includes(paragraph))).toBe(true);
		expect(parts.join('\n\n')).toBe(paragraphs.join('\n\n'));
	});

	it('GIVEN a code block longer than a part THEN each part closes and reopens the fence with its language', () => {
		const lines = Array.from({ length: 200 }, (_, index) => `print("line ${index} of the program")`);
		const text = `Here is the code:\n\n\`\`\`python\n${lines.join('\n')}\n\`\`\`\n\nThat is all.`;
		const parts = splitAnswer(text);
		expect(parts.length).toBeGreaterThanOrEqual(3);
		for (const part of parts) {
			expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
			expect(fences(part) % 2).toBe(0);
		}
		expect(parts.slice(1).every((part) => part.startsWith('```python\n'))).toBe(true);
		const code = parts.join('\n');
		for (const line of lines) expect(code).toContain(line);
	});

	it('GIVEN text before a code block that would not fit THEN it cuts at the edge of the block rather than inside it', () => {
		const intro = 'intro '.repeat(250).trim();
		const code = '```js\n' + 'let a = 1;\n'.repeat(60) + '```';
		const parts = splitAnswer(`${intro}\n${code}`);
		expect(parts[0]).toBe(intro);
		expect(parts[1]).toBe(code);
	});

	it('GIVEN one word longer than a part THEN it is cut hard, never between the halves of an emoji', () => {
		const text = '😀'.repeat(1500);
		const parts = splitAnswer(text);
		for (const part of parts) {
			expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
			expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(part)).toBe(false);
		}
		expect(parts.join('')).toBe(text);
	});

	it('GIVEN an answer that grows THEN the parts already cut never change (what streaming relies on)', () => {
		const full = Array.from({ length: 40 }, (_, index) =>
			index % 7 === 3 ? '```ts\nconst x = 1;\nconst y = 2;\n```' : `Sentence number ${index} is here.`
		)
			.join('\n\n')
			.repeat(3);
		let previous: string[] = [];
		for (let length = 50; length <= full.length; length += 37) {
			const parts = splitAnswer(full.slice(0, length));
			for (let index = 0; index < previous.length - 1; index++) expect(parts[index]).toBe(previous[index]);
			previous = parts;
		}
	});
});
