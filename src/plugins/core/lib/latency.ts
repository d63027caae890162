/** discord.js reports -1 until the first heartbeat is acknowledged. */
export function formatLatency(ms: number): string {
	return ms < 0 || !Number.isFinite(ms) ? 'n/a' : `${Math.round(ms)} ms`;
}

export function pingLine(gatewayMs: number, roundTripMs: number): string {
	return `🏓 Pong. Yes, I'm awake. Gateway: **${formatLatency(gatewayMs)}** · Round trip: **${formatLatency(roundTripMs)}**`;
}
