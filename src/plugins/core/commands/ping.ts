import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { pingLine } from '../lib/latency';

@ApplyOptions<Command.Options>({
	description: 'Check that Tika is awake: gateway and round-trip latency.'
})
export class PingCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) => builder.setName(this.name).setDescription(this.description));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const started = performance.now();
		await interaction.reply({ content: 'Pinging…' });
		const roundTrip = performance.now() - started;
		return interaction.editReply({ content: pingLine(this.container.client.ws.ping, roundTrip) });
	}

	public override async messageRun(message: Message) {
		const started = performance.now();
		const sent = await message.reply({ content: 'Pinging…' });
		const roundTrip = performance.now() - started;
		return sent.edit({ content: pingLine(this.container.client.ws.ping, roundTrip) });
	}
}
