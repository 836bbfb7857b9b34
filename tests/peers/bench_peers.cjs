// Times the npm tiktoken peers on one text file: node bench_peers.cjs NODE_MODULES FILE [REPEATS]
// prints {"bytes": n, "encodings": {name: {"gpt-tokenizer": {"mb_per_s", "ids"}, "tiktoken": {…},
// "million_a": {peer: {"ms"} | {"error"}}}}}; best of REPEATS runs, single thread.
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
// The million-character runs go last: the WASM tiktoken aborts on them and stays unusable.
const names = ['cl100k_base', 'o200k_base'];
const encoders = {};
for (const name of names) {
  const gpt = require(path.join(modules, 'gpt-tokenizer', 'cjs', 'encoding', name + '.js'));
  const tik = get_encoding(name);
  encoders[name] = {
    'gpt-tokenizer': (t) => gpt.encode(t, { disallowedSpecial: new Set() }),
    tiktoken: (t) => tik.encode(t, [], []),
  };
  out.encodings[name] = { million_a: {} };
  for (const [peer, f] of Object.entries(encoders[name])) {
    const { seconds, result } = best(() => f(text));
    out.encodings[name][peer] = { mb_per_s: bytes / seconds / 1e6, ids: result.length };
  }
}
const million = 'a'.repeat(1000000);
for (const name of names)
  for (const [peer, f] of Object.entries(encoders[name])) {
    try {
      const t0 = process.hrtime.bigint();
      f(million);
      out.encodings[name].million_a[peer] = { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
    } catch (err) {
      out.encodings[name].million_a[peer] = { error: String(err.message || err) };
    }
  }
process.stdout.write(JSON.stringify(out) + '\n');
