// The heavy-input benchmark's peer: gpt-tokenizer's warm in-process encode of one file with
// cl100k_base, and @dqbd/tiktoken's ids of the same text (the reference for "identical ids").
// node heavy_peers.cjs NODE_MODULES FILE IDS_OUT [RUNS=5] prints {"ms_median", "ms_min", "ids"};
// IDS_OUT gets gpt-tokenizer's ids one per line, IDS_OUT.tiktoken tiktoken's.
const path = require('path');
const fs = require('fs');
const [modules, file, idsOut, runs = '5'] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const gpt = require(path.join(modules, 'gpt-tokenizer', 'cjs', 'encoding', 'cl100k_base.js'));
const encode = () => gpt.encode(text, { disallowedSpecial: new Set() });
let ids = encode();  // warm-up: the tables are built, the code is compiled
const times = [];
for (let i = 0; i < Number(runs); ++i) {
  const t0 = process.hrtime.bigint();
  ids = encode();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
fs.writeFileSync(idsOut, ids.join('\n') + '\n');
const { get_encoding } = require(path.join(modules, '@dqbd', 'tiktoken'));
const tik = get_encoding('cl100k_base');
fs.writeFileSync(idsOut + '.tiktoken', Array.from(tik.encode(text, [], [])).join('\n') + '\n');
tik.free();
process.stdout.write(JSON.stringify({ ms_median: times[times.length >> 1], ms_min: times[0], ids: ids.length }) + '\n');
