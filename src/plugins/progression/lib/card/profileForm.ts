import type { ModalSpec } from '#shared/ui/modals';
import { hex } from '#shared/images/layout';
import { parseHexColour } from '#shared/images/theme';

export const PROFILE_MODAL_ID = 'profile:edit';
export const BIO_MAX = 190;
export const PRONOUNS_MAX = 40;

export type ProfileField = 'bio' | 'pronouns' | 'accent';

/** The /profile edit modal, pre-filled with what is stored, so submitting unchanged keeps everything. */
export function profileModalSpec(
	current: { bio: string | null; pronouns: string | null; accentColor: number | null } | null
): ModalSpec<ProfileField> {
	return {
		customId: PROFILE_MODAL_ID,
		title: 'Edit your profile',
		fields: [
			{
				id: 'bio',
				label: 'Bio',
				description: `Shown on your rank card (up to ${BIO_MAX} characters).`,
				style: 'paragraph',
				required: false,
				max: BIO_MAX,
				value: current?.bio ?? undefined
			},
			{
				id: 'pronouns',
				label: 'Pronouns',
				required: false,
				max: PRONOUNS_MAX,
				placeholder: 'she/her, they/them, ...',
				value: current?.pronouns ?? undefined
			},
			{
				id: 'accent',
				label: 'Accent colour',
				description: 'Hex colour like #ff8800; leave empty for the default.',
				required: false,
				max: 9,
				placeholder: '#f47fff',
				value: current?.accentColor === null || current?.accentColor === undefined ? undefined : hex(current.accentColor)
			}
		]
	};
}

export interface ProfileUpdate {
	bio: string | null;
	pronouns: string | null;
	accentColor: number | null;
}

/**
 * Checks a submitted profile form. All or nothing: one bad field refuses the whole submission, so nothing is saved
 * half-way. Blank fields clear the stored value (the modal was pre-filled, so blank means "removed").
 */
export function parseProfileForm(values: Record<ProfileField, string>): { ok: true; update: ProfileUpdate } | { ok: false; errors: string[] } {
	const errors: string[] = [];
	const bio = values.bio
		.replace(/\r\n?/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	const pronouns = values.pronouns.replace(/\s+/g, ' ').trim();
	if (bio.length > BIO_MAX) errors.push(`Bio must be at most ${BIO_MAX} characters (got ${bio.length}).`);
	if (pronouns.length > PRONOUNS_MAX) errors.push(`Pronouns must be at most ${PRONOUNS_MAX} characters (got ${pronouns.length}).`);
	let accentColor: number | null = null;
	if (values.accent.trim()) {
		const parsed = parseHexColour(values.accent);
		if (parsed.ok) accentColor = parsed.value;
		else errors.push(`Accent colour: ${parsed.error}`);
	}
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, update: { bio: bio || null, pronouns: pronouns || null, accentColor } };
}
