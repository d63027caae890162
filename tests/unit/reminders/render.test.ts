import { deliveryMessage, listEntry, punctuality, snoozeUntil, type ReminderView } from '../../../src/plugins/reminders/lib/render';

const DAY = 86_400_000;
const base: ReminderView = {
	id: 7,
	ownerId: '111',
	channelId: '222',
	target: 'here',
	kind: 'reminder',
	text: 'ping <@333> and @everyone',
	sourceUrl: null,
	rule: null,
	dueAt: new Date('2027-01-01T09:00:00Z'),
	status: 'pending',
	createdAt: new Date('2026-12-31T09:00:00Z')
};

describe('reminder rendering', () => {
	it('GIVEN how late a run is THEN it is on time under a minute, late after that or after downtime, missed past the grace window', () => {
		expect(punctuality(2_000, false, DAY)).toEqual({ kind: 'on_time' });
		expect(punctuality(2_000, true, DAY)).toEqual({ kind: 'late', byMs: 2_000 });
		expect(punctuality(90_000, false, DAY)).toEqual({ kind: 'late', byMs: 90_000 });
		expect(punctuality(DAY + 1, true, DAY)).toEqual({ kind: 'missed', byMs: DAY + 1 });
	});

	it('GIVEN snooze choices THEN 10 minutes and an hour are elapsed time, tomorrow is the same local time across DST', () => {
		const now = new Date('2027-03-27T20:00:00Z'); // 21:00 in Paris, the night before the spring change
		expect(snoozeUntil('10m', now, 'Europe/Paris').toISOString()).toBe('2027-03-27T20:10:00.000Z');
		expect(snoozeUntil('1h', now, 'Europe/Paris').toISOString()).toBe('2027-03-27T21:00:00.000Z');
		expect(snoozeUntil('tomorrow', now, 'Europe/Paris').toISOString()).toBe('2027-03-28T19:00:00.000Z');
	});

	it('GIVEN a channel delivery THEN only the owner may be pinged and the text stays in the embed', () => {
		const message = deliveryMessage({ reminder: base, line: 'Reminder.', punctuality: { kind: 'on_time' }, next: null, inDm: false });
		expect(message.content).toBe('<@111> Reminder.');
		expect(message.allowedMentions).toEqual({ parse: [], users: ['111'] });
		const embed = (message.embeds![0] as { toJSON(): { title?: string; description?: string } }).toJSON();
		expect(embed.description).toContain('ping <@333> and @everyone');
		expect(message.components).toHaveLength(1);
	});

	it('GIVEN a DM, a timer and a late repeat THEN each reads as such', () => {
		expect(deliveryMessage({ reminder: base, line: 'Hi.', punctuality: { kind: 'on_time' }, next: null, inDm: true })).toMatchObject({
			content: 'Hi.',
			allowedMentions: { parse: [], users: [] }
		});
		const timer = deliveryMessage({
			reminder: { ...base, kind: 'timer', text: 'tea' },
			line: 'Done.',
			punctuality: { kind: 'on_time' },
			next: null,
			inDm: false
		});
		expect(timer.components).toEqual([]);
		const repeat = deliveryMessage({
			reminder: { ...base, rule: 'DTSTART:20270101T090000\nRRULE:FREQ=DAILY;INTERVAL=1' },
			line: 'Hi.',
			punctuality: { kind: 'late', byMs: 300_000 },
			next: new Date('2027-01-02T09:00:00Z'),
			inDm: false
		});
		const text = (repeat.embeds![0] as { toJSON(): { description?: string } }).toJSON().description;
		expect(text).toContain('⏳ Late by 5m');
		expect(text).toContain(`Repeats every day at 09:00; next <t:${Date.parse('2027-01-02T09:00:00Z') / 1000}:F>`);
	});

	it('GIVEN an undeliverable repeat THEN its list entry says so', () => {
		const entry = listEntry({ ...base, status: 'undeliverable', rule: 'DTSTART:20270101T090000\nRRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=FR' });
		expect(entry).toContain('🔁 **#7**');
		expect(entry).toContain('Repeats every Friday at 09:00.');
		expect(entry).toContain('Undeliverable');
	});
});
