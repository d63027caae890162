// ESLint flat config: typescript-eslint's recommended rules, with Prettier (Sapphire's shared
// prettier config) owning formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const SRC = join(dirname(fileURLToPath(import.meta.url)), 'src');
const PLUGINS = join(SRC, 'plugins');

/** The plugin folder (src/plugins/<name>/...) a path lies in, or null. */
function pluginOf(path) {
	const inside = relative(PLUGINS, path);
	return inside === '' || inside.startsWith('..') ? null : inside.split(sep)[0];
}

/** Where an import specifier points under src/ (relative paths and the #aliases of package.json), or null for packages. */
function importTarget(file, specifier) {
	if (specifier.startsWith('.')) return resolve(dirname(file), specifier);
	const alias = /^#(core|shared|plugins|generated|root)\/(.*)$/.exec(specifier);
	if (!alias) return null;
	return alias[1] === 'root' ? join(SRC, alias[2]) : join(SRC, alias[1], alias[2]);
}

/**
 * "A plugin is one folder" (docs/plugins.md): a plugin never imports another plugin, and src/core and src/shared never
 * import a plugin. A local rule rather than no-restricted-imports patterns because it resolves paths: `../plugins/x` is
 * core's own folder from src/core/features but a plugin from src/core. tests/unit/plugins/boundaries.test.ts enforces
 * the same rule in CI.
 */
const pluginBoundaries = {
	meta: {
		type: 'problem',
		schema: [],
		messages: {
			crossPlugin:
				"Plugin '{{from}}' imports plugin '{{to}}' ('{{specifier}}'): put shared code in src/shared, or use the other plugin's service (container.services).",
			pluginFromCore: "src/{{area}} must not import plugin '{{to}}' ('{{specifier}}'): the core and shared code know no feature."
		}
	},
	create(context) {
		const file = context.filename;
		const area = relative(SRC, file).split(sep)[0];
		const from = pluginOf(file);
		if (from === null && area !== 'core' && area !== 'shared') return {};
		const check = (node) => {
			if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
			const target = importTarget(file, node.value);
			const to = target === null ? null : pluginOf(target);
			if (to === null || to === from) return;
			const data = { from, to, area, specifier: node.value };
			context.report({ node, messageId: from === null ? 'pluginFromCore' : 'crossPlugin', data });
		};
		return {
			ImportDeclaration: (node) => check(node.source),
			ExportNamedDeclaration: (node) => check(node.source),
			ExportAllDeclaration: (node) => check(node.source),
			ImportExpression: (node) => check(node.source),
			TSImportType: (node) => check(node.argument?.literal ?? node.argument),
			TSExternalModuleReference: (node) => check(node.expression),
			TSModuleDeclaration: (node) => check(node.id),
			CallExpression: (node) => {
				if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
			}
		};
	}
};

export default tseslint.config(
	{ ignores: ['node_modules', 'dist', 'data', 'logs', 'coverage', 'src/generated', 'prisma/**/migrations'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	prettier,
	{
		languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-require-imports': 'off',
			'no-console': 'off'
		}
	},
	{
		files: ['src/**/*.ts'],
		plugins: { tika: { rules: { 'plugin-boundaries': pluginBoundaries } } },
		rules: { 'tika/plugin-boundaries': 'error' }
	}
);
