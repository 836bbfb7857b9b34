// Times the npm tiktoken peers on one text file: node bench_peers.cjs NODE_MODULES FILE [REPEATS]
// prints {"bytes": n, "encodings": {name: {"gpt-tokenizer": {"mb_per_s", "ids"}, "tiktoken": {…}}}};
// best of REPEATS runs, single thread.
const path = require('path');
const fs = require('fs');
const [modules, file, repeats = '3'] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(text, 'utf8');
const { get_encoding } = require(path.join(modules, '@dqbd', 'tiktoken'));
const out = { bytes, encodings: {} };
const best = (f) => {
  let t = Infinity, r;
  for (let i = 0; i < Number(repeats); ++i) {
    const t0 = process.hrtime.bigint();
    r = f();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: t, result: r };
};
const names = ['cl100k_base', 'o200k_base'];
const encoder = (name, peer) => {
  if (peer === 'gpt-tokenizer') {
    const gpt = require(path.join(modules, 'gpt-tokenizer', 'cjs', 'encoding', name + '.js'));
    return (t) => gpt.encode(t, { disallowedSpecial: new Set() });
  }
  const tik = get_encoding(name);
  return (t) => tik.encode(t, [], []);
};
// "million NAME PEER" as the fourth argument: only a million repetitions of "a", in a process
// of its own (the WASM tiktoken aborts on it; gpt-tokenizer may take minutes).
if (repeats === 'million') {
  const [name, peer] = process.argv.slice(5);
  const f = encoder(name, peer);
  const t0 = process.hrtime.bigint();
  try {
    f('a'.repeat(1000000));
    process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6 }) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: String(err.message || err) }) + '\n');
  }
  process.exit(0);
}
for (const name of names) {
  out.encodings[name] = {};
  for (const peer of ['gpt-tokenizer', 'tiktoken']) {
    const f = encoder(name, peer);
    const { seconds, result } = best(() => f(text));
    out.encodings[name][peer] = { mb_per_s: bytes / seconds / 1e6, ids: result.length };
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
