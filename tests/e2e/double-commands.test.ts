/**
 * The double's application command routes refuse what Discord refuses (limits from discord/discord-api-spec and the
 * Application Commands docs), so a command Tika could not register on Discord cannot pass the tests either.
 */
import { DiscordDouble, type GuildHandle } from '../../src/playground/double';

describe('DiscordDouble application command registration', () => {
	let double: DiscordDouble;
	let guild: GuildHandle;

	beforeAll(async () => {
		double = await new DiscordDouble().start();
		guild = double.createGuild({ name: 'Commands', ownerId: double.createUser({ username: 'owner' }) });
	});
	afterAll(async () => {
		await double?.stop();
	});

	const chat = (name: string, description = `The ${name} command`) => ({ name, description, type: 1 });
	const routes = {
		global: () => `/applications/${double.applicationId}/commands`,
		guild: () => `/applications/${double.applicationId}/guilds/${guild.id}/commands`
	};

	async function send(method: 'PUT' | 'POST', path: string, body: unknown) {
		const response = await fetch(`${double.apiUrl}/v10${path}`, {
			method,
			headers: { authorization: `Bot ${double.token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		return { status: response.status, body: (await response.json()) as { code?: number; message?: string; errors?: unknown } };
	}

	describe.each(['global', 'guild'] as const)('the %s bulk overwrite', (scope) => {
		const put = (body: unknown) => send('PUT', routes[scope](), body);
		const stored = () => double.commands(scope === 'guild' ? guild : undefined);

		it('GIVEN valid slash, user and message commands THEN they are stored with ids', async () => {
			const { status, body } = await put([chat('ping'), { name: 'View Rank', type: 2 }, { name: 'Quote it', type: 3 }]);
			expect(status).toBe(200);
			expect(body).toHaveLength(3);
			expect(
				stored()
					.map((command) => command.name)
					.sort()
			).toEqual(['Quote it', 'View Rank', 'ping']);
		});

		it('GIVEN 101 slash commands THEN Discord says the maximum is reached (30032) and keeps the previous list', async () => {
			const { status, body } = await put(Array.from({ length: 101 }, (_, index) => chat(`c${index}`)));
			expect(status).toBe(400);
			expect(body).toEqual({ code: 30032, message: 'Maximum number of application commands reached (100)' });
			expect(stored()).toHaveLength(3);
		});

		it('GIVEN 100 slash commands THEN they are accepted', async () => {
			expect((await put(Array.from({ length: 100 }, (_, index) => chat(`c${index}`)))).status).toBe(200);
		});

		it('GIVEN more than 130 entries THEN the body is refused before anything else', async () => {
			const { status, body } = await put(Array.from({ length: 131 }, (_, index) => chat(`c${index}`)));
			expect(status).toBe(400);
			expect(body.errors).toEqual({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 130 or fewer in length.' }] });
		});

		it('GIVEN bad names and descriptions THEN each is named by its index and field, like Discord', async () => {
			const { status, body } = await put([
				chat('ok'),
				chat('Shout'),
				chat('x'.repeat(33)),
				{ name: 'nodesc', type: 1 },
				chat('long', 'd'.repeat(101)),
				chat('empty', ''),
				chat('ok')
			]);
			expect(status).toBe(400);
			expect(body.code).toBe(50035);
			expect(body.errors).toEqual({
				1: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] } },
				2: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 32 in length.' }] } },
				3: { description: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } },
				4: { description: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } },
				5: { description: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } },
				6: { _errors: [{ code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' }] }
			});
		});

		it('GIVEN too many options or choices, or a bad option name THEN the nested field is named', async () => {
			const option = (name: string) => ({ type: 3, name, description: `Option ${name}` });
			const { body } = await put([
				{ ...chat('many'), options: Array.from({ length: 26 }, (_, index) => option(`o${index}`)) },
				{
					...chat('nested'),
					options: [
						{
							type: 1,
							name: 'sub',
							description: 'A subcommand',
							options: [{ ...option('pick'), choices: Array.from({ length: 26 }, (_, i) => ({ name: `${i}`, value: `${i}` })) }]
						},
						option('Bad Name')
					]
				}
			]);
			expect(body.errors).toEqual({
				0: { options: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } },
				1: {
					options: {
						0: {
							options: { 0: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } }
						},
						1: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] } }
					}
				}
			});
		});

		it('GIVEN a slash command and a user command with the same name THEN both are accepted (names are unique per type)', async () => {
			expect((await put([chat('same'), { name: 'same', type: 2 }])).status).toBe(200);
		});
	});

	it('GIVEN a POST of an invalid command or one past the limit THEN it is refused like a bulk overwrite entry', async () => {
		expect((await send('POST', routes.global(), chat('Nope'))).body.errors).toEqual({
			name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] }
		});
		await send(
			'PUT',
			routes.global(),
			Array.from({ length: 100 }, (_, index) => chat(`c${index}`))
		);
		expect((await send('POST', routes.global(), chat('onemore'))).body.code).toBe(30032);
		// Creating a command with an existing name overwrites it, so it does not count against the limit.
		expect((await send('POST', routes.global(), chat('c7', 'Seventh, edited'))).status).toBe(200);
	});
});
