// Baseline for bench/startup: a bare SapphireClient with one slash command, nothing else.
// Plain CommonJS (no build step) so the comparison measures the frameworks, not a compiler.
const { ApplicationCommandRegistries, Command, container, RegisterBehavior, SapphireClient, LogLevel } = require('@sapphire/framework');
const { GatewayIntentBits } = require('discord.js');

class PingCommand extends Command {
	registerApplicationCommands(registry) {
		registry.registerChatInputCommand((builder) => builder.setName('ping').setDescription('Ping'));
	}
	chatInputRun(interaction) {
		return interaction.reply('pong');
	}
}

ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);
const client = new SapphireClient({
	intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
	baseUserDirectory: null,
	logger: { level: LogLevel.Warn },
	rest: { api: process.env.DISCORD_API_URL }
});
void container.stores.loadPiece({ name: 'ping', piece: PingCommand, store: 'commands' });
client.once('clientReady', () => console.log('Ready'));
process.on('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
void client.login(process.env.DISCORD_TOKEN);
