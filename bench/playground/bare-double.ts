/** Baseline for bench/playground/startup.ts: the Discord double alone, started through tsx like the playground. */
import { DiscordDouble } from '../../src/playground/double';

void new DiscordDouble().start().then((double) => {
	process.stdout.write(`double ready: http://127.0.0.1:${double.port}/\n`);
	process.on('SIGINT', () => void double.stop().then(() => process.exit(0)));
});
