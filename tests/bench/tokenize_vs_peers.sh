#!/usr/bin/env bash
# tokenize_vs_peers.sh [EMBEDSCOPE]: `embedscope bench tokenize` and the npm peers
# (gpt-tokenizer, @dqbd/tiktoken; @huggingface/tokenizers for Llama 3's tokenizer.json) on the
# same mixed corpus in the same run; prints the figures and our throughput as a multiple of
# each peer's. Needs scripts/setup --test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:-$root/build/bin/embedscope}"
source "$root/scripts/data-dir.sh"
modules="$(embedscope_data_dir)/peers/node_modules"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The corpus files repeated to about 4 MB.
one="$tmp/one.txt"
find "$root/tests/tokenizers/corpus" -type f | sort | xargs cat > "$one"
while (( $(stat -c %s "$tmp/corpus.txt" 2>/dev/null || echo 0) < 4194304 )); do cat "$one" >> "$tmp/corpus.txt"; done

"$bin" bench tokenize --json --file "$tmp/corpus.txt" > "$tmp/ours.json"
node "$root/tests/peers/bench_peers.cjs" "$modules" "$tmp/corpus.txt" 3 > "$tmp/peers.json"
for name in cl100k_base o200k_base; do
  for peer in gpt-tokenizer tiktoken; do
    # A million repetitions of one character, each in its own process with a time limit.
    timeout 120 node "$root/tests/peers/bench_peers.cjs" "$modules" "$tmp/corpus.txt" million "$name" "$peer" \
      > "$tmp/million-$name-$peer.json" 2>/dev/null || echo '{"error": "no result within 120 s (or the process died)"}' > "$tmp/million-$name-$peer.json"
  done
done
llama3="$(embedscope_data_dir)/tokenizers/llama3/tokenizer.json"
if [[ -f "$llama3" ]]; then
  echo "{\"tokenizer_path\": \"$llama3\", \"bench_file\": \"$tmp/corpus.txt\", \"repeats\": 3}" |
    node "$root/tests/peers/hf_peers.mjs" "$modules" > "$tmp/hf.json"
  echo "{\"tokenizer_path\": \"$llama3\", \"million\": true}" |
    timeout 120 node "$root/tests/peers/hf_peers.mjs" "$modules" > "$tmp/hf-million.json" 2>/dev/null ||
    echo '{"error": "no result within 120 s (or the process died)"}' > "$tmp/hf-million.json"
fi
node - "$tmp" <<'JS'
const fs = require('fs');
const dir = process.argv[2];
const ours = JSON.parse(fs.readFileSync(dir + '/ours.json'));
const peers = JSON.parse(fs.readFileSync(dir + '/peers.json'));
console.log(`corpus ${ours.corpus_bytes} bytes, single thread, best of 3`);
for (const name of ['cl100k_base', 'o200k_base']) {
  const o = ours.encodings[name], p = peers.encodings[name];
  const m = (peer) => JSON.parse(fs.readFileSync(`${dir}/million-${name}-${peer}.json`));
  const show = (r) => (r.ms !== undefined ? `${r.ms.toFixed(1)} ms` : r.error);
  console.log(`${name}:`);
  console.log(`  embedscope     ${o.ids_mb_per_s.toFixed(1)} MB/s (ids; ${o.tokens_mb_per_s.toFixed(1)} MB/s with spans)   1M x 'a': ${o.repeated_char_ms.toFixed(1)} ms`);
  for (const peer of ['gpt-tokenizer', 'tiktoken']) {
    const same = p[peer].ids === o.ids ? 'same ids count' : `IDS COUNT DIFFERS (${p[peer].ids} vs ${o.ids})`;
    console.log(`  ${peer.padEnd(14)} ${p[peer].mb_per_s.toFixed(1)} MB/s   ratio ${(o.ids_mb_per_s / p[peer].mb_per_s).toFixed(2)}x   ${same}   1M x 'a': ${show(m(peer))}`);
  }
}
if (ours.encodings.llama3 && fs.existsSync(dir + '/hf.json')) {
  const o = ours.encodings.llama3, p = JSON.parse(fs.readFileSync(dir + '/hf.json'));
  const m = JSON.parse(fs.readFileSync(dir + '/hf-million.json'));
  const same = p.ids === o.ids ? 'same ids count' : `IDS COUNT DIFFERS (${p.ids} vs ${o.ids})`;
  console.log('llama3 (tokenizer.json):');
  console.log(`  embedscope     ${o.ids_mb_per_s.toFixed(1)} MB/s (ids; ${o.tokens_mb_per_s.toFixed(1)} MB/s with spans)   1M x 'a': ${o.repeated_char_ms.toFixed(1)} ms   load ${o.load_ms.toFixed(0)} ms`);
  console.log(`  @huggingface/tokenizers ${p.mb_per_s.toFixed(2)} MB/s   ratio ${(o.ids_mb_per_s / p.mb_per_s).toFixed(2)}x   ${same}   1M x 'a': ${m.ms !== undefined ? m.ms.toFixed(1) + ' ms' : m.error}`);
}
JS
