import { parseSize } from '#core/config/schema';

describe('parseSize', () => {
	test.each([
		['10MB', 10 * 1024 * 1024],
		['512KB', 512 * 1024],
		['1GB', 1024 ** 3],
		['1gb', 1024 ** 3],
		['10M', 10 * 1024 * 1024],
		['64 KiB', 64 * 1024],
		['100B', 100],
		['100', 100],
		[4096, 4096]
	])('GIVEN %p THEN it is %i bytes', (input, bytes) => {
		expect(parseSize(input)).toBe(bytes);
	});

	test.each([['ten MB'], ['10XB'], ['-5MB'], ['0'], [''], [0], [-1], [Number.POSITIVE_INFINITY], [null], [true], [['10MB']]])(
		'GIVEN %p THEN it is not a size',
		(input) => {
			expect(parseSize(input)).toBeNull();
		}
	);
});
