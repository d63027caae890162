/**
 * Reminders and time: a daily 09:00 in Paris across the spring DST change (on an injected clock, delivered through the
 * real scheduler), and /timezone set moving waiting reminders by the documented rule.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import { container } from '@sapphire/framework';
import { remindersClock } from '#plugins/reminders/lib/clock';
import { nextOccurrence } from '#plugins/reminders/lib/repeat';
import { floatingAt, instantOf } from '#plugins/reminders/lib/zones';
import type { OptionValue, UserHandle } from '../../src/playground/double';
import { startTestBot, type TestBot } from '../support/harness';

jest.setTimeout(60_000);

const text = (embed: APIEmbed | undefined) => `${embed?.title ?? ''}\n${embed?.description ?? ''}`;
const unix = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000);

describe('reminders: DST and time zones', () => {
	let bot: TestBot;
	const clock = remindersClock();
	const realNow = clock.now;

	const run = async (user: UserHandle, name: string, subcommand: string | undefined, options: Record<string, OptionValue> = {}) => {
		const handle = await bot.double.slashCommand({ channel: bot.general, user, name, subcommand, options });
		return text((await handle.reply()).embeds?.[0]);
	};
	const rowsOf = (user: UserHandle) => container.prisma.reminderEntry.findMany({ where: { ownerId: user.id }, orderBy: { id: 'asc' } });
	const taskOf = (id: number) => container.prisma.scheduledTask.findUniqueOrThrow({ where: { key: `reminder:${id}` } });

	beforeAll(async () => {
		bot = await startTestBot();
	});
	afterAll(async () => {
		clock.now = realNow;
		await bot?.stop();
	});

	it('GIVEN a daily 09:00 in Paris set the day before the spring change THEN it comes at 09:00 local on both sides: 08:00Z, then 07:00Z', async () => {
		// Saturday 27 March 2027, 08:30 in Paris (UTC+1); clocks go forward on Sunday the 28th at 02:00.
		clock.now = () => Date.parse('2027-03-27T07:30:00Z');
		expect(await run(bot.alice, 'timezone', 'set', { zone: 'Europe/Paris' })).toContain('Europe/Paris (UTC+01:00, now 08:30)');
		const confirmation = await run(bot.alice, 'remind', undefined, { when: 'every day at 9am', what: 'marker-dst' });
		expect(confirmation).toContain(`<t:${unix('2027-03-27T08:00:00Z')}:F>`);
		expect(confirmation).toContain('every day at 09:00 (Europe/Paris)');
		const [reminder] = await rowsOf(bot.alice);
		expect((await taskOf(reminder!.id)).runAt.toISOString()).toBe('2027-03-27T08:00:00.000Z');

		/** Stands at `at` on the plugin's clock and lets the scheduler run the task now; returns the delivered message. */
		const deliverAt = async (at: string) => {
			clock.now = () => Date.parse(at);
			const delivered = () => bot.double.messagesIn(bot.general).filter((candidate) => text(candidate.embeds?.[0]).includes('marker-dst'));
			const before = delivered().length;
			const last = bot.double.messagesIn(bot.general).at(-1)?.id ?? '0';
			await container.schedule.reschedule({ key: `reminder:${reminder!.id}` }, new Date());
			const message = await bot.double.waitForMessage(
				{
					channel: bot.general,
					after: last,
					where: (candidate) => !candidate.interaction_metadata && text(candidate.embeds?.[0]).includes('marker-dst')
				},
				{ timeout: 15_000 }
			);
			expect(delivered().length).toBe(before + 1);
			for (let waited = 0; waited < 10_000 && (await taskOf(reminder!.id)).runAt.getTime() < Date.parse(at); waited += 50)
				await new Promise((resolve) => setTimeout(resolve, 50));
			return message;
		};

		const saturday = await deliverAt('2027-03-27T08:00:01Z');
		expect(text(saturday.embeds![0])).toContain(`next <t:${unix('2027-03-28T07:00:00Z')}:F>`);
		expect((await taskOf(reminder!.id)).runAt.toISOString()).toBe('2027-03-28T07:00:00.000Z');
		expect((await rowsOf(bot.alice))[0]!.dueAt.toISOString()).toBe('2027-03-28T07:00:00.000Z');

		const sunday = await deliverAt('2027-03-28T07:00:01Z');
		expect(text(sunday.embeds![0])).toContain(`next <t:${unix('2027-03-29T07:00:00Z')}:F>`);
		expect((await taskOf(reminder!.id)).runAt.toISOString()).toBe('2027-03-29T07:00:00.000Z');
		// Only 23 hours between the two, and 09:00 in Paris both times.
		expect(floatingAt(new Date('2027-03-28T07:00:00Z'), 'Europe/Paris').toISOString()).toBe('2027-03-28T09:00:00.000Z');
		clock.now = realNow;
	});

	it('GIVEN waiting reminders WHEN bob moves from UTC to New York THEN wall-clock ones and repeats keep their local time, "in 2h" keeps its moment', async () => {
		await run(bot.bob, 'remind', undefined, { when: 'in 2h', what: 'relative' });
		await run(bot.bob, 'remind', undefined, { when: 'tomorrow 9am', what: 'wall clock' });
		await run(bot.bob, 'remind', undefined, { when: 'every day at 9am', what: 'repeat' });
		const before = await rowsOf(bot.bob);
		expect(before.map((row) => row.zone)).toEqual(['UTC', 'UTC', 'UTC']);

		const reply = await run(bot.bob, 'timezone', 'set', { zone: 'America/New_York' });
		expect(reply).toContain('2 waiting reminders moved');
		expect(reply).toContain('1 kept its moment');

		const after = await rowsOf(bot.bob);
		const now = new Date();
		expect(after[0]!.dueAt).toEqual(before[0]!.dueAt);
		expect(after[1]!.dueAt).toEqual(instantOf(floatingAt(before[1]!.dueAt, 'UTC'), 'America/New_York'));
		expect(floatingAt(after[1]!.dueAt, 'America/New_York').toISOString().slice(11, 19)).toBe('09:00:00');
		expect(after[2]!.dueAt).toEqual(nextOccurrence(before[2]!.rule!, 'America/New_York', now));
		expect(floatingAt(after[2]!.dueAt, 'America/New_York').toISOString().slice(11, 19)).toBe('09:00:00');
		expect(after.slice(1).map((row) => row.zone)).toEqual(['America/New_York', 'America/New_York']);
		for (const row of after) expect((await taskOf(row.id)).runAt).toEqual(row.dueAt);
	});
});
