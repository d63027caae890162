// @ts-check
/**
 * jest runs the TypeScript sources directly through SWC (CommonJS), so Sapphire loads `.ts`
 * pieces through jest's module registry (it checks JEST_WORKER_ID) and `jest.mock` reaches them.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/tests'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.(t|j)s$': [
			'@swc/jest',
			{
				jsc: {
					parser: { syntax: 'typescript', decorators: true },
					transform: { legacyDecorator: true, decoratorMetadata: false },
					target: 'es2022'
				},
				module: { type: 'commonjs' }
			}
		]
	},
	// Subpath imports would otherwise resolve to the compiled dist/ through package.json "imports".
	moduleNameMapper: {
		'^#core/(.*)$': '<rootDir>/src/core/$1',
		'^#shared/(.*)$': '<rootDir>/src/shared/$1',
		'^#plugins/(.*)$': '<rootDir>/src/plugins/$1',
		'^#generated/(.*)$': '<rootDir>/src/generated/$1',
		'^#root/(.*)$': '<rootDir>/src/$1',
		'^#support/(.*)$': '<rootDir>/tests/support/$1',
		'^(\\.{1,2}/.*)\\.js$': '$1'
	},
	testTimeout: 30_000,
	// e2e suites each boot a real client against their own Discord double; 2 cores on CI.
	maxWorkers: 2
};
