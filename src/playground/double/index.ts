export { DiscordDouble, type RequestFilter } from './double';
export { ChannelHandle, GuildHandle, MemberHandle, RoleHandle, UserHandle } from './handles';
export {
	InteractionHandle,
	type InteractionRecord,
	type AutocompleteOptions,
	type BaseInteractionOptions,
	type ComponentOptions,
	type ContextMenuOptions,
	type InteractionResponseBody,
	type ModalData,
	type ModalSubmitOptions,
	type OptionValue,
	type SelectMenuOptions,
	type SlashCommandOptions
} from './interactions';
export { GatewayServer, type GatewaySession, type ReceivedFrame } from './gateway';
export { DiscordApiError } from './errors';
export { DoubleEvents, type DoubleEventMap } from './events';
export { DEFAULT_EVERYONE_PERMISSIONS } from './state';
export { DISCORD_EPOCH, SnowflakeGenerator, compareSnowflakes, snowflakeTimestamp } from './snowflake';
export * from './types';
