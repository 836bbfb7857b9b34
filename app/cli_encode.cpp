// embedscope encode --model DIR|builtin [--backend auto|cpu|gpu] [--json] (TEXT | --ids 1,2,3)
// Runs an encoder and prints every layer's hidden states and every head's attention.
#include "cli.h"

#include "base/error.h"
#include "encoder/builtin_encoder.h"
#include "encoder/encoder_model.h"
#include "encoder/pooling.h"
#include "encoder_choice.h"
#include "tokenizers/glove_tokenizer.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace es::cli {
namespace {

std::vector<int64_t> parse_ids(const std::string& s) {
    std::vector<int64_t> ids;
    size_t i = 0;
    while (i <= s.size()) {
        size_t j = s.find(',', i);
        if (j == std::string::npos) j = s.size();
        const std::string part = s.substr(i, j - i);
        char* end = nullptr;
        errno = 0;
        long long v = std::strtoll(part.c_str(), &end, 10);
        if (part.empty() || *end != 0 || errno != 0 || v < 0)
            throw UsageError{"--ids takes token ids separated by commas (1,2,3), not '" + s + "'"};
        ids.push_back(v);
        i = j + 1;
    }
    return ids;
}

// Numbers as float32 needs them (%.9g), not nlohmann's 17 digits: encode output is large.
void append_floats(std::string& out, const float* v, int64_t n) {
    char buf[32];
    out += '[';
    for (int64_t i = 0; i < n; ++i) {
        if (i) out += ',';
        if (std::isfinite(v[i])) {
            std::snprintf(buf, sizeof buf, "%.9g", double(v[i]));
            out += buf;
        } else {
            out += "null";
        }
    }
    out += ']';
}

// [array][block][row][col] from arrays of blocks × rows × cols; with no blocks, [array][row][col].
void append_nested(std::string& out, const std::vector<std::vector<float>>& arrays, int64_t blocks, int64_t rows,
                   int64_t cols) {
    out += '[';
    for (size_t a = 0; a < arrays.size(); ++a) {
        if (a) out += ',';
        out += '[';
        for (int64_t b = 0; b < std::max<int64_t>(blocks, 1); ++b) {
            if (b) out += ',';
            if (blocks) out += '[';
            for (int64_t r = 0; r < rows; ++r) {
                if (r) out += ',';
                append_floats(out, arrays[a].data() + (b * rows + r) * cols, cols);
            }
            if (blocks) out += ']';
        }
        out += ']';
    }
    out += ']';
}


} // namespace

int cmd_encode(Args& args) {
    const auto model = args.option("--model");
    const std::string backend_mode = args.option("--backend").value_or("auto");
    const bool json = args.flag("--json");
    const auto ids_arg = args.option("--ids");
    const std::string pooling_name = args.option("--pooling").value_or("mean");
    const std::string positions_name = args.option("--positions").value_or("sinusoidal");
    const int layers = int(args.integer("--layers", 2, 0, 24));
    const auto words = args.positionals();
    if (!model) throw UsageError{"--model DIR|builtin is required"};
    if (backend_mode != "auto" && backend_mode != "cpu" && backend_mode != "gpu")
        throw UsageError{"--backend takes auto, cpu or gpu, not '" + backend_mode + "'"};
    const auto pooling = pooling_from_name(pooling_name);
    if (!pooling) throw UsageError{"--pooling takes cls, mean or last, not '" + pooling_name + "'"};
    const auto positions = position_scheme_from_name(positions_name);
    if (!positions) throw UsageError{"--positions takes none, sinusoidal or rope, not '" + positions_name + "'"};
    if (ids_arg && !words.empty()) throw UsageError{"give TEXT or --ids, not both"};
    if (!ids_arg && words.empty()) throw UsageError{"give the TEXT to encode, or --ids"};
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;

    BackendChoice choice = choose_backend(backend_mode);
    std::unique_ptr<Encoder> encoder;
    std::vector<Token> tokens;
    if (*model == "builtin") {
        auto table = open_table(args);
        encoder = std::make_unique<BuiltinEncoder>(table, choice.backend, BuiltinEncoderOptions{*positions, layers});
        if (ids_arg) {
            for (int64_t id : parse_ids(*ids_arg)) {
                Token t;
                t.id = id;
                if (id < int64_t(table->rows())) t.text = t.piece = std::string(table->word(size_t(id)));
                tokens.push_back(t);
            }
        } else {
            tokens = GloveTokenizer(table).encode(text);
        }
    } else {
        encoder = EncoderModel::load(*model, choice.backend);
        if (ids_arg) {
            for (int64_t id : parse_ids(*ids_arg)) tokens.push_back(Token{id});
        } else {
            std::shared_ptr<const Tokenizer> tok;
            try {
                tok = model_folder_tokenizer(*model);
            } catch (const Error& e) {
                throw Error(*model + ": cannot read this model's tokenizer (" + e.what() +
                            "); give token ids with --ids");
            }
            tokens = tok->encode(text);
            for (const Token& t : tokens)
                if (t.id < 0) throw Error(*model + ": the tokenizer has no id for '" + t.text + "'");
        }
    }
    std::vector<int64_t> ids;
    for (const Token& t : tokens) ids.push_back(t.id);
    EncoderOutput out = encoder->run(ids, {true, false});
    tokens.resize(size_t(out.tokens));
    for (const auto& w : out.warnings) std::fprintf(stderr, "embedscope encode: warning: %s\n", w.c_str());

    const auto& last = out.hidden_states.back();
    std::vector<float> pooled;
    if (out.tokens > 0) pooled = pool(last, out.tokens, out.hidden, *pooling);
    if (json) {
        nlohmann::json head = {{"model", encoder->name()},
                               {"trained", encoder->trained()},
                               {"backend", choice.backend->name()},
                               {"device", choice.backend->device()},
                               {"pooling", pooling_name},
                               {"warnings", out.warnings}};
        nlohmann::json tj = nlohmann::json::array();
        for (const Token& t : tokens) tj.push_back(token_json(t));
        head["tokens"] = tj;
        std::string s = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        s.pop_back();  // the closing brace: the large arrays follow
        s += ",\"hidden_states\":";
        append_nested(s, out.hidden_states, 0, out.tokens, out.hidden);
        s += ",\"attentions\":";
        append_nested(s, out.attentions, out.heads, out.tokens, out.tokens);
        s += ",\"sentence_embedding\":";
        append_floats(s, pooled.data(), int64_t(pooled.size()));
        s += "}\n";
        std::fwrite(s.data(), 1, s.size(), stdout);
        return 0;
    }
    std::printf("model    %s\n", encoder->name().c_str());
    std::printf("backend  %s (%s)%s%s\n", choice.backend->name().c_str(), choice.backend->device().c_str(),
                choice.note.empty() ? "" : "; ", choice.note.c_str());
    std::printf("shape    %lld layers, %lld wide, %lld heads of %lld\n", (long long)out.layers(),
                (long long)out.hidden, (long long)out.heads, (long long)out.head_dim);
    std::printf("tokens   %lld:", (long long)out.tokens);
    for (const Token& t : tokens) std::printf(" %s", t.piece.empty() ? std::to_string(t.id).c_str() : t.piece.c_str());
    std::printf("\n");
    if (out.tokens == 0) return 0;
    // The last layer's attention, averaged over heads: where each token looks most.
    std::printf("attention (last layer, mean over heads): each token's strongest key\n");
    const auto& att = out.attentions.back();
    const int64_t n = out.tokens;
    for (int64_t i = 0; i < n; ++i) {
        int64_t best = 0;
        double best_w = -1;
        for (int64_t j = 0; j < n; ++j) {
            double w = 0;
            for (int64_t h = 0; h < out.heads; ++h) w += att[size_t((h * n + i) * n + j)];
            w /= double(out.heads);
            if (w > best_w) best_w = w, best = j;
        }
        auto label = [&](int64_t k) { return tokens[size_t(k)].piece.empty() ? std::to_string(tokens[size_t(k)].id) : tokens[size_t(k)].piece; };
        std::printf("  %-16s → %-16s %.3f\n", label(i).c_str(), label(best).c_str(), best_w);
    }
    std::printf("sentence embedding (%s pooling), first %d of %lld:", pooling_name.c_str(),
                int(std::min<int64_t>(8, out.hidden)), (long long)out.hidden);
    for (int64_t d = 0; d < std::min<int64_t>(8, out.hidden); ++d) std::printf(" %.4f", double(pooled[size_t(d)]));
    std::printf("\n");
    return 0;
}

} // namespace es::cli
