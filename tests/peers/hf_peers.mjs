// Runs @huggingface/tokenizers (Tokenizers.js) on texts: node hf_peers.mjs NODE_MODULES < request.json
// request: {"tokenizer": tokenizer.json object | "tokenizer_path": file, "config": object |
//           "config_path": file, "add_special_tokens": bool, "texts": [string…]}
// prints {"ids": [[id…]…], "decoded": [string…]}; a text the peer throws on gives {"error": message}.
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
const modules = process.argv[2];
const { Tokenizer } = await import(pathToFileURL(path.join(modules, '@huggingface/tokenizers/dist/tokenizers.mjs')));
const req = JSON.parse(fs.readFileSync(0, 'utf8'));
const json = req.tokenizer ?? JSON.parse(fs.readFileSync(req.tokenizer_path, 'utf8'));
const config = req.config ?? (req.config_path ? JSON.parse(fs.readFileSync(req.config_path, 'utf8')) : {});
const tok = new Tokenizer(json, config);
const ids = [], decoded = [];
for (const t of req.texts) {
  try {
    const e = tok.encode(t, { add_special_tokens: req.add_special_tokens ?? true });
    ids.push(Array.from(e.ids));
    decoded.push(tok.decode(e.ids, { skip_special_tokens: true }));
  } catch (e) {
    ids.push({ error: String(e.message || e) });
    decoded.push(null);
  }
}
process.stdout.write(JSON.stringify({ ids, decoded }));
