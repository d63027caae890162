/** One palette for every embed Tika sends, so a glance tells success from trouble. */
export const Colors = {
	brand: 0xf47fff,
	success: 0x57f287,
	error: 0xed4245,
	info: 0x5865f2,
	warning: 0xfee75c,
	disabled: 0xe67e22
} as const;

export type EmbedTone = keyof typeof Colors;
