// Runs the npm tiktoken peers on texts: node tiktoken_peers.cjs NODE_MODULES < request.json
// request: {"encoding": "cl100k_base"|…|"gpt2", "allow_special": bool, "texts": [string…]}
// prints {"gpt-tokenizer": [[id…]…], "tiktoken": [[id…]…]}; a peer that throws gives
// {"error": message} in place of that text's ids.
const path = require('path');
const modules = process.argv[2];
const req = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const gptName = req.encoding === 'gpt2' ? 'r50k_base' : req.encoding;
const gpt = require(path.join(modules, 'gpt-tokenizer', 'cjs', 'encoding', gptName + '.js'));
const { get_encoding } = require(path.join(modules, '@dqbd', 'tiktoken'));
const tik = get_encoding(req.encoding);
const run = (f) => req.texts.map((t) => { try { return Array.from(f(t)); } catch (e) { return { error: String(e.message || e) }; } });
const out = {
  'gpt-tokenizer': run((t) => gpt.encode(t, req.allow_special ? { allowedSpecial: 'all' } : { disallowedSpecial: new Set() })),
  tiktoken: run((t) => (req.allow_special ? tik.encode(t, 'all') : tik.encode(t, [], []))),
};
tik.free();
process.stdout.write(JSON.stringify(out));
