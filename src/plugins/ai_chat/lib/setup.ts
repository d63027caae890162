import { registerSecret } from '#core/logging/redact';
import { pluginConfig } from '#core/plugins/settings';
import plugin, { type AiChatConfig } from '../plugin';

/** The environment variable holding the provider's key. Read where it is used and never logged. */
export const API_KEY_VARIABLE = 'AI_API_KEY';

/**
 * The key, trimmed; undefined when unset or empty (copying .env.example leaves `AI_API_KEY=`). Registered with the
 * logger's redaction on every read, so it cannot reach a log line even inside an error a server echoed back.
 */
export function apiKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const value = env[API_KEY_VARIABLE]?.trim();
	if (!value) return undefined;
	registerSecret(value);
	return value;
}

export function settings(): AiChatConfig {
	return pluginConfig(plugin);
}

/**
 * What the operator still has to set before Tika can talk, as the one line `/features enable ai_chat` answers with; null
 * when everything is there. A local server that needs no key (Ollama, llama.cpp) still wants some value: any text works.
 */
export function setupProblem(config: AiChatConfig = settings(), env: NodeJS.ProcessEnv = process.env): string | null {
	const missing: string[] = [];
	if (!apiKey(env)) missing.push(`${API_KEY_VARIABLE} in .env (any text for a local server that needs no key)`);
	if (!config.base_url) missing.push('plugins.settings.ai_chat.base_url in config.yml (e.g. https://api.openai.com/v1)');
	if (!config.model) missing.push('plugins.settings.ai_chat.model in config.yml (e.g. gpt-4o-mini)');
	if (missing.length === 0) return null;
	return `AI chat is not set up on this bot: a bot owner must set ${missing.join(' and ')}, then restart Tika.`;
}
