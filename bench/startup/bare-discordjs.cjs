// Baseline for bench/startup's memory figure: a bare discord.js client with default caching.
const { Client, GatewayIntentBits } = require('discord.js');

const client = new Client({
	intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
	rest: { api: process.env.DISCORD_API_URL }
});
client.once('clientReady', () => console.log('Ready'));
process.on('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
void client.login(process.env.DISCORD_TOKEN);
