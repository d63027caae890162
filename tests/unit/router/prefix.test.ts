import { createCommandMatcher } from '#core/router/prefix';

describe('createCommandMatcher', () => {
	it('recognises a single string prefix at the start of the message only', () => {
		const isCommand = createCommandMatcher({ prefixes: '!' });
		expect(isCommand('!help')).toBe(true);
		expect(isCommand('say !help')).toBe(false);
		expect(isCommand('')).toBe(false);
	});

	it('recognises any prefix of an array', () => {
		const isCommand = createCommandMatcher({ prefixes: ['t!', 'tika '] });
		expect(isCommand('t!ping')).toBe(true);
		expect(isCommand('tika ping')).toBe(true);
		expect(isCommand('tikaping')).toBe(false);
	});

	it('is case-sensitive unless told otherwise', () => {
		expect(createCommandMatcher({ prefixes: 'tika ' })('TIKA ping')).toBe(false);
		expect(createCommandMatcher({ prefixes: 'tika ', caseInsensitive: true })('TIKA ping')).toBe(true);
	});

	it('treats regular-expression characters in a prefix literally', () => {
		const isCommand = createCommandMatcher({ prefixes: ['.', '$('] });
		expect(isCommand('.ping')).toBe(true);
		expect(isCommand('$(ping')).toBe(true);
		expect(isCommand('xping')).toBe(false);
	});

	it('counts a mention of the bot, with or without the nickname marker, as a prefix', () => {
		const isCommand = createCommandMatcher({ prefixes: '!', botId: '123' });
		expect(isCommand('<@123> ping')).toBe(true);
		expect(isCommand('<@!123> ping')).toBe(true);
		expect(isCommand('<@456> ping')).toBe(false);
		expect(isCommand('hi <@123>')).toBe(false);
	});

	it('ignores empty prefixes instead of treating every message as a command', () => {
		expect(createCommandMatcher({ prefixes: '' })('hello')).toBe(false);
		expect(createCommandMatcher({ prefixes: ['', '!'] })('hello')).toBe(false);
	});

	it('recognises nothing without prefixes or a bot id', () => {
		expect(createCommandMatcher({ prefixes: null })('!help')).toBe(false);
		expect(createCommandMatcher({ prefixes: undefined, botId: '1' })('<@1> help')).toBe(true);
	});
});
