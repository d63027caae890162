import { parseResults, table } from '../../../bench/all';

describe('npm run bench: the table', () => {
	it('GIVEN a bench output with human lines and RESULT lines THEN only the RESULT lines become results', () => {
		const output = [
			'start → commands registered (median): 900.0 ms vs baseline 600.0 ms → ratio 1.50× (target ≤ 1.5×)',
			'RESULT {"bench":"startup","metric":"start","figure":900,"unit":"ms","baseline":600,"baselineName":"bare","target":"≤ 1.5×","met":true,"ratio":1.5}',
			'not RESULT {"x":1}'
		].join('\n');
		expect(parseResults(output)).toEqual([
			{
				bench: 'startup',
				metric: 'start',
				figure: 900,
				unit: 'ms',
				baseline: 600,
				baselineName: 'bare',
				target: '≤ 1.5×',
				met: true,
				ratio: 1.5
			}
		]);
	});

	it('GIVEN met, missed, informational, silent and failed benches THEN one markdown row each says so', () => {
		const lines = table([
			{
				script: 'bench:startup',
				exitCode: 0,
				seconds: 1,
				results: [
					{
						bench: 'startup',
						metric: 'start',
						figure: 1234.5,
						unit: 'ms',
						baseline: 600,
						baselineName: 'bare',
						ratio: 2.06,
						target: '≤ 1.5×',
						met: false,
						note: '1.9–2.2× over 5 runs'
					},
					{ bench: 'startup', metric: 'look-up', figure: 1.234, unit: 'ns', target: '', met: null }
				]
			},
			{ script: 'bench:games', exitCode: 0, seconds: 1, results: [] },
			{ script: 'bench:router', exitCode: 1, seconds: 1, results: [] }
		]).split('\n');
		expect(lines[0]).toBe('| Bench | Figure | Baseline | Ratio | Target | Met? |');
		expect(lines[2]).toBe('| `bench:startup` start (1.9–2.2× over 5 runs) | 1235 ms | 600 ms (bare) | 2.06× | ≤ 1.5× | **no** |');
		expect(lines[3]).toBe('| `bench:startup` look-up | 1.23 ns | — | — | — | — |');
		expect(lines[4]).toBe('| `bench:games` | no RESULT line yet | | | | — |');
		expect(lines[5]).toBe('| `bench:router` | failed (exit 1) | | | | — |');
	});
});
