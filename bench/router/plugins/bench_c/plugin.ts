import { definePlugin } from '#core/plugins/manifest';

export default definePlugin({ name: 'bench_c', category: 'bench', description: 'bench/router: no-op message handlers', version: '1.0.0' });
