import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
	GatewayDispatchEvents,
	GatewayIntentBits,
	GatewayOpcodes,
	type GatewayIdentifyData,
	type GatewayRequestGuildMembersData,
	type GatewayResumeData
} from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DoubleState } from './state';
import { randomBytes } from 'node:crypto';

/** A gateway session: survives socket drops so the client can RESUME it. */
export interface GatewaySession {
	readonly sessionId: string;
	socket: WebSocket | null;
	seq: number;
	readonly identify: GatewayIdentifyData;
	readonly intents: number;
	readonly shard: [number, number];
	/** Recent dispatch frames for RESUME replay. */
	readonly buffer: { s: number; frame: string }[];
	/** READY and every GUILD_CREATE have been sent. */
	ready: boolean;
}

/** A frame the client sent us, kept for assertions (heartbeats excluded). */
export interface ReceivedFrame {
	op: number;
	d: unknown;
	time: number;
}

export interface DispatchTarget {
	/** Guild the event belongs to: routes it to the right shard. */
	guildId?: string | null;
	/** Intent bit required to receive the event (undefined = always delivered). */
	intent?: number;
	/** Applied for sessions without the MessageContent intent. */
	redact?: (data: unknown, session: GatewaySession) => unknown;
}

export interface GatewayDeps {
	state: DoubleState;
	token: () => string;
	botUser: () => Record<string, unknown>;
	application: () => { id: string; flags: number };
	gatewayUrl: () => string;
	heartbeatInterval: number;
	resumeBufferSize: number;
	enforceIntents: boolean;
	newSessionId?: () => string;
}

interface Waiter<T> {
	resolve: (value: T) => void;
}

/**
 * The WebSocket half of the double: HELLO → IDENTIFY → READY → GUILD_CREATE…, heartbeats,
 * RESUME, op 8 member requests and sequence-numbered dispatches.
 */
export class GatewayServer {
	readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
	readonly #deps: GatewayDeps;
	readonly #sessions = new Map<string, GatewaySession>();
	readonly #identifyWaiters: Waiter<GatewayIdentifyData>[] = [];
	readonly #readyWaiters: Waiter<GatewaySession>[] = [];
	/** Every IDENTIFY payload received, oldest first. */
	public readonly identifies: GatewayIdentifyData[] = [];
	/** Non-heartbeat frames received from clients. */
	public readonly received: ReceivedFrame[] = [];
	public heartbeats = 0;
	public connections = 0;

	public constructor(deps: GatewayDeps) {
		this.#deps = deps;
		this.#wss.on('connection', (socket, request) => this.#onConnection(socket, request));
	}

	public handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		this.#wss.handleUpgrade(request, socket, head, (ws) => this.#wss.emit('connection', ws, request));
	}

	public get sessions(): GatewaySession[] {
		return [...this.#sessions.values()];
	}

	/** Sessions that finished READY + GUILD_CREATEs and have a live socket. */
	public get liveSessions(): GatewaySession[] {
		return this.sessions.filter((s) => s.ready && s.socket !== null);
	}

	public waitForIdentify(timeout: number): Promise<GatewayIdentifyData> {
		const existing = this.identifies[this.identifies.length - 1];
		if (existing) return Promise.resolve(existing);
		return withTimeout(
			new Promise((resolve) => this.#identifyWaiters.push({ resolve })),
			timeout,
			'no IDENTIFY received (did the client call login()?)'
		);
	}

	/** Resolves once a session is ready (READY and all GUILD_CREATE sent) with a live socket. */
	public waitForReadySession(timeout: number): Promise<GatewaySession> {
		const live = this.liveSessions[0];
		if (live) return Promise.resolve(live);
		return withTimeout(
			new Promise((resolve) => this.#readyWaiters.push({ resolve })),
			timeout,
			'no gateway session is ready (did the client log in, and did the test await double.ready?)'
		);
	}

	/**
	 * Sends a dispatch to every session that should see it. Resolves once the frames are written,
	 * with the number of sessions it was delivered to.
	 */
	public dispatch(event: string, data: unknown, target: DispatchTarget = {}): Promise<number> {
		let plain: string | undefined;
		let redacted: string | undefined;
		const writes: Promise<void>[] = [];
		for (const session of this.#sessions.values()) {
			if (!session.ready) continue;
			if (target.guildId && session.shard[1] > 1 && shardOf(target.guildId, session.shard[1]) !== session.shard[0]) continue;
			if (this.#deps.enforceIntents && target.intent !== undefined && (session.intents & target.intent) === 0) continue;
			let json: string;
			if (target.redact && this.#deps.enforceIntents && (session.intents & GatewayIntentBits.MessageContent) === 0) {
				json = redacted ??= JSON.stringify(target.redact(data, session));
			} else {
				json = plain ??= JSON.stringify(data);
			}
			writes.push(this.#sendDispatch(session, event, json));
		}
		return Promise.all(writes).then(() => writes.length);
	}

	/** Closes every client socket with `code` (4000 = resumable): the client reconnects and resumes. */
	public dropConnections(code = 4000, reason = 'DiscordDouble: connection dropped'): void {
		for (const session of this.#sessions.values()) session.socket?.close(code, reason);
	}

	/** Asks clients to reconnect (op 7), as Discord does during maintenance. */
	public requestReconnect(): void {
		for (const session of this.#sessions.values()) session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
	}

	public close(): Promise<void> {
		for (const client of this.#wss.clients) client.terminate();
		this.#sessions.clear();
		return new Promise((resolve) => this.#wss.close(() => resolve()));
	}

	#onConnection(socket: WebSocket, request: IncomingMessage): void {
		this.connections++;
		const url = new URL(request.url ?? '/', 'ws://localhost');
		if (url.searchParams.get('v') !== '10') {
			socket.close(4012, 'DiscordDouble: only gateway v=10 is supported');
			return;
		}
		if ((url.searchParams.get('encoding') ?? 'json') !== 'json') {
			socket.close(4002, 'DiscordDouble: only encoding=json is supported');
			return;
		}
		// zlib-stream is not offered: text frames are still understood by @discordjs/ws.
		let session: GatewaySession | null = null;
		socket.on('message', (raw, isBinary) => {
			if (isBinary) {
				socket.close(4002, 'DiscordDouble: compressed/binary frames are not supported');
				return;
			}
			let payload: { op: number; d: unknown };
			try {
				payload = JSON.parse(raw.toString());
			} catch {
				socket.close(4002, 'DiscordDouble: could not decode payload');
				return;
			}
			if (payload.op === GatewayOpcodes.Heartbeat) {
				this.heartbeats++;
				socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
				return;
			}
			this.received.push({ op: payload.op, d: payload.d, time: Date.now() });
			switch (payload.op) {
				case GatewayOpcodes.Identify:
					if (session) return void socket.close(4005, 'Already authenticated.');
					session = this.#identify(socket, payload.d as GatewayIdentifyData);
					break;
				case GatewayOpcodes.Resume:
					if (session) return void socket.close(4005, 'Already authenticated.');
					session = this.#resume(socket, payload.d as GatewayResumeData);
					break;
				case GatewayOpcodes.RequestGuildMembers:
					if (!session) return void socket.close(4003, 'Not authenticated.');
					this.#requestGuildMembers(session, payload.d as GatewayRequestGuildMembersData);
					break;
				default:
					// Presence/voice updates etc.: recorded in `received`, nothing to answer.
					if (!session) socket.close(4003, 'Not authenticated.');
			}
		});
		socket.on('close', (code) => {
			if (!session || session.socket !== socket) return;
			session.socket = null;
			// A client closing with 1000/1001 ends its session for good; anything else may resume.
			if (code === 1000 || code === 1001) this.#sessions.delete(session.sessionId);
		});
		socket.on('error', () => undefined);
		socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#deps.heartbeatInterval } }));
	}

	#identify(socket: WebSocket, identify: GatewayIdentifyData): GatewaySession | null {
		if (identify.token !== this.#deps.token() && identify.token !== `Bot ${this.#deps.token()}`) {
			socket.close(4004, 'Authentication failed.');
			return null;
		}
		this.identifies.push(identify);
		for (const waiter of this.#identifyWaiters.splice(0)) waiter.resolve(identify);
		const shard: [number, number] = identify.shard ? [identify.shard[0], identify.shard[1]] : [0, 1];
		const session: GatewaySession = {
			sessionId: this.#deps.newSessionId?.() ?? randomBytes(16).toString('hex'),
			socket,
			seq: 0,
			identify,
			intents: Number(identify.intents),
			shard,
			buffer: [],
			ready: false
		};
		this.#sessions.set(session.sessionId, session);
		const { state } = this.#deps;
		const guildIds = [...state.guilds.keys()].filter((id) => shard[1] <= 1 || shardOf(id, shard[1]) === shard[0]);
		const ready = {
			v: 10,
			user: this.#deps.botUser(),
			guilds: guildIds.map((id) => ({ id, unavailable: true })),
			session_id: session.sessionId,
			resume_gateway_url: this.#deps.gatewayUrl(),
			shard,
			application: this.#deps.application(),
			private_channels: [],
			presences: [],
			relationships: [],
			guild_join_requests: [],
			geo_ordered_rtc_regions: [],
			user_settings: {},
			auth: {},
			_trace: ['["discord-double"]']
		};
		void this.#sendDispatch(session, GatewayDispatchEvents.Ready, JSON.stringify(ready));
		const includeMembers = !this.#deps.enforceIntents || (session.intents & GatewayIntentBits.GuildMembers) !== 0;
		const largeThreshold = identify.large_threshold ?? 50;
		const botId = String(this.#deps.botUser().id);
		for (const id of guildIds) {
			const payload = state.guildCreatePayload(state.requireGuild(id), { includeMembers, largeThreshold, botId });
			void this.#sendDispatch(session, GatewayDispatchEvents.GuildCreate, JSON.stringify(payload));
		}
		this.#markReady(session);
		return session;
	}

	#resume(socket: WebSocket, resume: GatewayResumeData): GatewaySession | null {
		const session = this.#sessions.get(resume.session_id);
		const oldest = session?.buffer[0]?.s ?? (session ? session.seq + 1 : 0);
		if (!session || resume.token !== this.#deps.token() || resume.seq + 1 < oldest) {
			// Not resumable: the client must identify again.
			socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
			return null;
		}
		session.socket?.close(4000, 'Session resumed elsewhere');
		session.socket = socket;
		for (const entry of session.buffer) if (entry.s > resume.seq) socket.send(entry.frame);
		void this.#sendDispatch(session, GatewayDispatchEvents.Resumed, '{}');
		this.#markReady(session);
		return session;
	}

	#markReady(session: GatewaySession): void {
		session.ready = true;
		for (const waiter of this.#readyWaiters.splice(0)) waiter.resolve(session);
	}

	#requestGuildMembers(session: GatewaySession, request: GatewayRequestGuildMembersData): void {
		const { state } = this.#deps;
		const guildIds = Array.isArray(request.guild_id) ? request.guild_id : [request.guild_id];
		for (const guildId of guildIds) {
			const guild = state.guilds.get(guildId);
			if (!guild) continue;
			const found: string[] = [];
			const notFound: string[] = [];
			if ('user_ids' in request && request.user_ids !== undefined) {
				const ids = Array.isArray(request.user_ids) ? request.user_ids : [request.user_ids];
				for (const id of ids) (guild.members.has(id) ? found : notFound).push(id);
			} else {
				const query = ('query' in request ? (request.query ?? '') : '').toLowerCase();
				const limit = ('limit' in request ? Number(request.limit) : 0) || Number.POSITIVE_INFINITY;
				for (const member of guild.members.values()) {
					if (found.length >= limit) break;
					const user = state.requireUser(member.userId);
					if (!query || user.username.toLowerCase().startsWith(query) || member.nick?.toLowerCase().startsWith(query))
						found.push(member.userId);
				}
			}
			const chunkSize = 1000;
			const chunkCount = Math.max(1, Math.ceil(found.length / chunkSize));
			for (let index = 0; index < chunkCount; index++) {
				const members = found
					.slice(index * chunkSize, (index + 1) * chunkSize)
					.map((id) => state.serializeMember(guild, guild.members.get(id)!));
				const chunk: Record<string, unknown> = { guild_id: guildId, members, chunk_index: index, chunk_count: chunkCount };
				if (index === 0 && notFound.length) chunk.not_found = notFound;
				if (request.presences) chunk.presences = [];
				if (request.nonce !== undefined) chunk.nonce = request.nonce;
				void this.#sendDispatch(session, GatewayDispatchEvents.GuildMembersChunk, JSON.stringify(chunk));
			}
		}
	}

	#sendDispatch(session: GatewaySession, event: string, json: string): Promise<void> {
		const s = ++session.seq;
		const frame = `{"op":0,"t":"${event}","s":${s},"d":${json}}`;
		session.buffer.push({ s, frame });
		// Trim in batches so a full buffer does not cost an O(n) splice per event.
		if (session.buffer.length > this.#deps.resumeBufferSize + 1024) session.buffer.splice(0, session.buffer.length - this.#deps.resumeBufferSize);
		const socket = session.socket;
		if (!socket || socket.readyState !== socket.OPEN) return Promise.resolve();
		return new Promise((resolve) => socket.send(frame, () => resolve()));
	}
}

function shardOf(guildId: string, shardCount: number): number {
	return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export function withTimeout<T>(promise: Promise<T>, timeout: number, message: string | (() => string)): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timed = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`DiscordDouble: timed out after ${timeout} ms: ${typeof message === 'string' ? message : message()}`)),
			timeout
		);
	});
	return Promise.race([promise, timed]).finally(() => clearTimeout(timer));
}
