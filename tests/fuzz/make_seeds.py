#!/usr/bin/env python3
"""Writes the harnesses' seed corpora into tests/fuzz/corpus/ (committed; rerun after a format
changes): small valid inputs of each format, so the fuzzer starts from what a parser accepts.
Usage: make_seeds.py EMBEDSCOPE   (the binary writes the .esv seeds; spm_train the .model)"""
import base64, json, os, struct, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, 'corpus')
embedscope = sys.argv[1]

def seed(harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

words = ['the', 'king', 'queen', 'man', 'woman', 'café', '東京']
rows = [[round(0.1 * (i + 1) * (j - 1.5), 4) for j in range(4)] for i in range(len(words))]
line = lambda w, r, sep=' ': w + sep + sep.join(repr(x) for x in r)
glove = ''.join(line(w, r) + '\n' for w, r in zip(words, rows))
w2v = f'{len(words)} 4\n' + glove
seed('vector_text', 'word2vec.txt', b'\x00' + w2v.encode())
seed('vector_text', 'glove.txt', b'\x01' + glove.encode())
seed('vector_text', 'fasttext.vec', b'\x02' + w2v.encode())
tsv = ''.join('\t'.join(repr(x) for x in r) + '\n' for r in rows)
seed('vector_text', 'projector.tsv', b'\x03' + tsv.encode() + b'\xff' + ('word\tpos\n' + ''.join(f'{w}\tnoun\n' for w in words)).encode())
seed('vector_text', 'projector-one-column.tsv', b'\x03' + tsv.encode() + b'\xff' + ''.join(w + '\n' for w in words).encode())

binary = f'{len(words)} 4\n'.encode() + b''.join(w.encode() + b' ' + struct.pack('<4f', *r) + b'\n' for w, r in zip(words, rows))
seed('word2vec_binary', 'seven.bin', binary)
seed('word2vec_binary', 'no-newlines.bin', f'{len(words)} 4\n'.encode() + b''.join(w.encode() + b' ' + struct.pack('<4f', *r) for w, r in zip(words, rows)))

with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, 'g.txt')
    open(src, 'w').write(glove)
    for dim_words, name in ((glove, 'seven'),):
        esv = os.path.join(tmp, name + '.esv')
        subprocess.run([embedscope, 'import', src, '--format', 'glove', '--out', esv], check=True, capture_output=True)
        data = open(esv, 'rb').read()
        seed('esv', name + '.esv', b'\x00' + data)
        seed('esv', name + '-resealed.esv', b'\x01' + data)
    wink = {'words': words, 'vectors': {w: r + [sum(x * x for x in r) ** 0.5, i] for i, (w, r) in enumerate(zip(words, rows))}}
    seed('wink_json', 'seven.json', json.dumps(wink))

def safetensors(tensors, metadata=None):
    header, data = {}, b''
    if metadata: header['__metadata__'] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header).encode()
    h += b' ' * (-len(h) % 8)
    return struct.pack('<Q', len(h)) + h + data

flat = [x for r in rows for x in r]
seed('safetensors', 'f32.safetensors', safetensors({'embeddings.weight': ('F32', [7, 4], struct.pack('<28f', *flat))}, {'format': 'pt'})
     + b'\xff' + ''.join(w + '\n' for w in words).encode())
seed('safetensors', 'f16-bf16.safetensors', safetensors({
    'a': ('F16', [7, 4], struct.pack('<28e', *flat)),
    'b': ('BF16', [2, 2], b'\x80\x3f\x00\x40\x40\x40\x80\x40'),
    'c': ('I64', [2], struct.pack('<2q', 1, 2))}) + b'\xff' + ''.join(w + '\n' for w in words).encode())

bert = {'architectures': ['BertModel'], 'model_type': 'bert', 'hidden_size': 32, 'num_hidden_layers': 2,
        'num_attention_heads': 4, 'intermediate_size': 64, 'max_position_embeddings': 64, 'vocab_size': 100,
        'type_vocab_size': 2, 'layer_norm_eps': 1e-12, 'hidden_act': 'gelu', 'pad_token_id': 0}
gpt2 = {'architectures': ['GPT2Model'], 'model_type': 'gpt2', 'n_embd': 32, 'n_layer': 2, 'n_head': 4,
        'n_inner': None, 'n_positions': 64, 'vocab_size': 100, 'layer_norm_epsilon': 1e-5, 'activation_function': 'gelu_new'}
llama = {'architectures': ['LlamaForCausalLM'], 'model_type': 'llama', 'hidden_size': 32, 'num_hidden_layers': 2,
         'num_attention_heads': 4, 'num_key_value_heads': 2, 'intermediate_size': 64, 'max_position_embeddings': 128,
         'vocab_size': 100, 'rms_norm_eps': 1e-6, 'rope_theta': 10000.0, 'hidden_act': 'silu', 'head_dim': None,
         'rope_scaling': {'rope_type': 'llama3', 'factor': 8.0, 'low_freq_factor': 1.0, 'high_freq_factor': 4.0,
                          'original_max_position_embeddings': 64}, 'tie_word_embeddings': False}
for name, c in (('bert', bert), ('gpt2', gpt2), ('llama', llama)):
    seed('model_config', name + '.json', json.dumps(c, indent=1))

# Tokenizers: small vocabularies of every kind.
bytes_to_unicode = {}
n = 0
for b in range(256):
    if 33 <= b <= 126 or 161 <= b <= 172 or 174 <= b <= 255: bytes_to_unicode[b] = chr(b)
    else: bytes_to_unicode[b] = chr(256 + n); n += 1
byte_vocab = {bytes_to_unicode[b]: b for b in range(256)}
merges = [('Ġ', 't'), ('h', 'e'), ('Ġt', 'he'), ('i', 'n'), ('Ġ', 'a'), ('e', 'r'), ('o', 'n'), ('Ġ', 'w')]
vocab = dict(byte_vocab)
for a, b in merges: vocab[a + b] = len(vocab)
bpe_json = {'version': '1.0', 'truncation': None, 'padding': None,
            'added_tokens': [{'id': len(vocab), 'content': '<|endoftext|>', 'single_word': False, 'lstrip': False,
                              'rstrip': False, 'normalized': False, 'special': True}],
            'normalizer': {'type': 'NFC'},
            'pre_tokenizer': {'type': 'Sequence', 'pretokenizers': [
                {'type': 'Split', 'pattern': {'Regex': "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
                 'behavior': 'Isolated', 'invert': False},
                {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': False}]},
            'post_processor': {'type': 'TemplateProcessing', 'single': [{'SpecialToken': {'id': '<|endoftext|>', 'type_id': 0}}, {'Sequence': {'id': 'A', 'type_id': 0}}],
                               'pair': [{'Sequence': {'id': 'A', 'type_id': 0}}, {'Sequence': {'id': 'B', 'type_id': 1}}],
                               'special_tokens': {'<|endoftext|>': {'id': '<|endoftext|>', 'ids': [len(vocab)], 'tokens': ['<|endoftext|>']}}},
            'decoder': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': True, 'use_regex': True},
            'model': {'type': 'BPE', 'dropout': None, 'unk_token': None, 'continuing_subword_prefix': None,
                      'end_of_word_suffix': None, 'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': False,
                      'vocab': vocab, 'merges': [a + ' ' + b for a, b in merges]}}
seed('tokenizer_json', 'byte-level-bpe.json', json.dumps(bpe_json, ensure_ascii=False))
wp_vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'king', 'queen', 'hello', ',', '!', 'it', "'", 's',
            'world', '##s', '##ing', 'ca', '##fe', 'to', '##kyo', '東', '京', 'end', 'x']
wp_json = {'version': '1.0', 'truncation': None, 'padding': None,
           'added_tokens': [{'id': i, 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False,
                             'normalized': False, 'special': True} for i, t in enumerate(wp_vocab[:5])],
           'normalizer': {'type': 'BertNormalizer', 'clean_text': True, 'handle_chinese_chars': True,
                          'strip_accents': None, 'lowercase': True},
           'pre_tokenizer': {'type': 'BertPreTokenizer'},
           'post_processor': {'type': 'TemplateProcessing',
                              'single': [{'SpecialToken': {'id': '[CLS]', 'type_id': 0}}, {'Sequence': {'id': 'A', 'type_id': 0}},
                                         {'SpecialToken': {'id': '[SEP]', 'type_id': 0}}],
                              'pair': [{'Sequence': {'id': 'A', 'type_id': 0}}, {'Sequence': {'id': 'B', 'type_id': 1}}],
                              'special_tokens': {'[CLS]': {'id': '[CLS]', 'ids': [2], 'tokens': ['[CLS]']},
                                                 '[SEP]': {'id': '[SEP]', 'ids': [3], 'tokens': ['[SEP]']}}},
           'decoder': {'type': 'WordPiece', 'prefix': '##', 'cleanup': True},
           'model': {'type': 'WordPiece', 'unk_token': '[UNK]', 'continuing_subword_prefix': '##',
                     'max_input_chars_per_word': 100, 'vocab': {t: i for i, t in enumerate(wp_vocab)}}}
seed('tokenizer_json', 'wordpiece.json', json.dumps(wp_json, ensure_ascii=False))
uni_json = {'version': '1.0', 'added_tokens': [], 'normalizer': {'type': 'Sequence', 'normalizers': [
                {'type': 'Replace', 'pattern': {'String': ' '}, 'content': '▁'}, {'type': 'Prepend', 'prepend': '▁'}]},
            'pre_tokenizer': {'type': 'Metaspace', 'replacement': '▁', 'prepend_scheme': 'always', 'split': True},
            'post_processor': None,
            'decoder': {'type': 'Metaspace', 'replacement': '▁', 'prepend_scheme': 'always', 'split': True},
            'model': {'type': 'Unigram', 'unk_id': 0, 'byte_fallback': True,
                      'vocab': [['<unk>', 0.0]] + [[f'<0x{b:02X}>', 0.0] for b in range(256)] +
                               [[p, -float(i + 1)] for i, p in enumerate(['▁', '▁the', '▁king', 'e', 'h', 'l', 'o', '▁hello', 'w', 'r', 'd', 'a', 'c', '東', '京'])]}}
seed('tokenizer_json', 'unigram-byte-fallback.json', json.dumps(uni_json, ensure_ascii=False))
seed('vocab_txt', 'vocab.txt', ''.join(t + '\n' for t in wp_vocab))

tik = [(bytes([b]), b) for b in range(256)] + [(b' t', 256), (b'he', 257), (b' the', 258), (b'in', 259), (b' a', 260)]
seed('tiktoken_file', 'small.tiktoken', ''.join(base64.b64encode(t).decode() + f' {r}\n' for t, r in tik))

enc = {bytes_to_unicode[b]: b for b in range(256)}
for a, b in merges: enc[a + b] = len(enc)
enc['<|endoftext|>'] = len(enc)
seed('gpt2_folder', 'small', json.dumps(enc, ensure_ascii=False).encode() + b'\xff' +
     ('#version: 0.2\n' + ''.join(f'{a} {b}\n' for a, b in merges)).encode())

with tempfile.TemporaryDirectory() as tmp:
    text = os.path.join(tmp, 'text.txt')
    corpus = os.path.join(here, '..', 'tokenizers', 'corpus')
    with open(text, 'w') as f:
        for name in sorted(os.listdir(corpus)):
            f.write(open(os.path.join(corpus, name), encoding='utf-8', errors='replace').read()[:4000] + '\n')
    for kind in ('unigram', 'bpe'):
        prefix = os.path.join(tmp, kind)
        subprocess.run(['spm_train', f'--input={text}', f'--model_prefix={prefix}', f'--model_type={kind}',
                        '--vocab_size=800', '--hard_vocab_limit=false', '--byte_fallback=true', '--character_coverage=0.98', '--minloglevel=2', '--normalization_rule_name=identity'],
                       check=True, capture_output=True)
        seed('sentencepiece_model', kind + '.model', open(prefix + '.model', 'rb').read())
    samples = sorted(os.listdir(corpus))
    for name in samples:
        seed('tokenizers_text', name, open(os.path.join(corpus, name), 'rb').read()[:600])
seed('tokenizers_text', 'invalid-utf8', b'a\xc0\xafb \xe6\x9d \xff\xfe caf\xc3\xa9 <|endoftext|> [CLS]')

session = {'format': 'embedscope-session', 'version': 1, 'text': 'king - man + woman', 'tokenizer': 'cl100k_base',
           'view': 'scatter', 'source': {'kind': 'table', 'path': ''},
           'projection': {'kind': 'pca', 'components': 3, 'fit_on': 'all', 'axes': []},
           'camera': {'mode': 'three_d', 'centre_x': 0.5, 'centre_y': -0.25, 'pixels_per_unit': 120.0,
                      'yaw_deg': 30.0, 'pitch_deg': 15.0, 'target_x': 0, 'target_y': 0, 'target_z': 0},
           'search': {'pattern': 'k.ng', 'regex': True},
           'panels': {'neighbours': {'k': 10, 'metric': 'cosine'}, 'analogy': {'method': '3cosadd', 'a': 'man', 'b': 'king', 'c': 'woman'},
                      'appearance': {'point_size': 3.0, 'opacity': 0.8, 'colour_by': 'rank'}},
           'selection': ['king', 'queen', 'woman'], 'current': 'queen'}
seed('session_file', 'full.json', json.dumps(session, indent=1))
seed('session_file', 'minimal.json', '{"format": "embedscope-session", "version": 1, "text": ""}')
