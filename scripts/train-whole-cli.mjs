// V8's code cache of the whole CLI script (src/cli/whole-cli.ts), written beside it by
// `npm run build`: the script is compiled and run in this process on what its commands do
// most (check the default stack; render a definition file after an edit), and the code V8
// compiled for that is kept. In temporary directories only: no store, no network, and
// nothing of the user's cache is read or written.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instantiateWholeCli, packageCodeCache, wholeCliFile } from '../dist/cli/whole-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'grafana-stack-train-'));
try {
  const env = { PATH: process.env.PATH, HOME: tmp, XDG_CACHE_HOME: join(tmp, 'cache'), GRAFANA_STACK_STORE: join(tmp, 'store'), NO_COLOR: '1' };
  const file = wholeCliFile();
  const whole = await instantiateWholeCli(file);
  if (!whole) throw new Error(`no ${file}: bundle it first`);
  const project = join(tmp, 'project');
  const runs = [
    { dir: tmp, argv: ['check', '--skip-validators'] },
    { dir: project, argv: ['render', 'kubernetes', '--out', 'out'], definition: 'name: training\n' },
    { dir: project, argv: ['render', 'kubernetes', '--out', 'out'], definition: '# edited\nname: training\n' },
  ];
  for (const r of runs) {
    if (r.definition) {
      mkdirSync(r.dir, { recursive: true });
      writeFileSync(join(r.dir, 'grafana-stack.config.yaml'), r.definition);
    }
    let err = '';
    const code = await whole.exports.main(r.argv, { cwd: r.dir, env, stdout: () => {}, stderr: (s) => void (err += s) });
    if (code !== 0) throw new Error(`training run \`${r.argv.join(' ')}\` exited ${code}:\n${err}`);
  }
  const data = whole.createCachedData();
  writeFileSync(packageCodeCache(file), data);
  console.log(`dist/bundle/whole.js: V8 code cache of a training run, ${(data.length / 1024).toFixed(0)} KiB`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
