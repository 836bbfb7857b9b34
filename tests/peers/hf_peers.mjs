// Runs @huggingface/tokenizers (Tokenizers.js) on texts: node hf_peers.mjs NODE_MODULES < request.json
// request: {"tokenizer": tokenizer.json object | "tokenizer_path": file, "config": object |
//           "config_path": file, "add_special_tokens": bool, "texts": [string…]}
// prints {"ids": [[id…]…], "decoded": [string…]}; a text the peer throws on gives {"error": message}.
// Timing instead (tests/bench/tokenize_vs_peers.sh): "bench_file": F, "repeats": n prints
// {"mb_per_s", "ids"} (best of n, single thread); "million": true prints {"ms"} for 1,000,000 × "a".
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
const modules = process.argv[2];
const { Tokenizer } = await import(pathToFileURL(path.join(modules, '@huggingface/tokenizers/dist/tokenizers.mjs')));
const req = JSON.parse(fs.readFileSync(0, 'utf8'));
const json = req.tokenizer ?? JSON.parse(fs.readFileSync(req.tokenizer_path, 'utf8'));
const config = req.config ?? (req.config_path ? JSON.parse(fs.readFileSync(req.config_path, 'utf8')) : {});
const tok = new Tokenizer(json, config);
if (req.bench_file || req.million) {
  const text = req.million ? 'a'.repeat(1000000) : fs.readFileSync(req.bench_file, 'utf8');
  let best = Infinity, n = 0;
  for (let i = 0; i < (req.million ? 1 : req.repeats ?? 3); ++i) {
    const t0 = process.hrtime.bigint();
    n = tok.encode(text, { add_special_tokens: false }).ids.length;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const out = req.million ? { ms: best * 1e3, ids: n } : { mb_per_s: Buffer.byteLength(text, 'utf8') / best / 1e6, ids: n };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}
const ids = [], decoded = [];
for (const t of req.texts) {
  let e;
  try {
    e = Array.from(tok.encode(t, { add_special_tokens: req.add_special_tokens ?? true }).ids);
  } catch (err) {
    ids.push({ error: String(err.message || err) });
    decoded.push(null);
    continue;
  }
  ids.push(e);
  decoded.push(e.length ? tok.decode(e, { skip_special_tokens: true }) : '');  // the peer refuses to decode []
}
process.stdout.write(JSON.stringify({ ids, decoded }));
