import type { BaseMessageOptions } from 'discord.js';
import { replyWhenReady, type ActionInteraction } from '#plugins/social/lib/perform';
import { DEFER_AFTER_MS } from '#shared/images/reply';

/** An interaction that only records what was called, in order. */
function fakeInteraction() {
	const calls: string[] = [];
	const interaction = {
		reply: async (payload: BaseMessageOptions) => calls.push(`reply ${payload.content}`),
		deferReply: async () => calls.push('defer'),
		editReply: async (payload: BaseMessageOptions) => calls.push(`edit ${payload.content}`)
	};
	return { calls, interaction: interaction as unknown as ActionInteraction };
}

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, value));

describe('answering with a picture in time', () => {
	it('GIVEN the picture is ready at once THEN it is the first and only answer (one REST call)', async () => {
		const { calls, interaction } = fakeInteraction();
		await replyWhenReady(interaction, Promise.resolve({ content: 'picture' }));
		expect(calls).toEqual(['reply picture']);
	});

	it(`GIVEN the picture takes longer than ${DEFER_AFTER_MS} ms THEN the answer is deferred first, then edited with the picture`, async () => {
		const { calls, interaction } = fakeInteraction();
		await replyWhenReady(interaction, after(DEFER_AFTER_MS + 200, { content: 'slow picture' }));
		expect(calls).toEqual(['defer', 'edit slow picture']);
	});

	it('GIVEN drawing fails THEN the error reaches the command (the core answers it in character)', async () => {
		const { calls, interaction } = fakeInteraction();
		await expect(replyWhenReady(interaction, Promise.reject(new Error('canvas broke')))).rejects.toThrow('canvas broke');
		expect(calls).toEqual([]);
	});
});
