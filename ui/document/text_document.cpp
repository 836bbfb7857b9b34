#include "document/text_document.h"

#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/token_rows.h"
#include "vectors/vector_table.h"

#include <QFileInfo>

#include <unordered_set>

namespace es::ui {

void TextDocument::adoptSource(std::shared_ptr<const VectorTable> table, std::shared_ptr<const Tokenizer> own,
                               const QString& own_name, bool model_source, const QString& choice) {
    table_ = std::move(table);
    own_ = std::move(own);
    own_name_ = own_name;
    model_source_ = model_source;
    tokenizer_.reset();
    tokenizer_name_.clear();
    setTokenizer(choice == "model" && !model_source_ ? QString() : choice);
}

QString TextDocument::carriedChoice() const {
    return tokenizer_is_source_ && tokenizer_name_ == own_name_ ? QString() : tokenizer_name_;
}

QStringList TextDocument::tokenizerNames() {
    QStringList out;
    for (const auto& n : es::tokenizer_names()) out << QString::fromStdString(n);
    return out;
}

QStringList TextDocument::availableTokenizers() const {
    QStringList out = tokenizerNames();
    if (model_source_ && own_) out.prepend(QStringLiteral("model"));
    return out;
}

void TextDocument::setTokenizer(const QString& name_or_path) {
    tokenizer_error_.clear();
    QString name = name_or_path.trimmed();
    if (name.isEmpty()) name = own_name_;
    std::shared_ptr<const Tokenizer> tok;
    bool is_source = false;
    if (name == own_name_ && own_) {
        tok = own_;
        is_source = true;
    } else if (name == "model") {
        tokenizer_error_ = QStringLiteral("model: the current source is not a model folder");
    } else {
        is_source = name == "glove";  // its ids are the rows of the table it was given
        if (const auto it = cache_.find(name); it != cache_.end() && !is_source) {
            tok = it->second;
        } else {
            try {
                // A model folder's own files (tokenizer.json, vocab.txt) as the model reads them.
                tok = QFileInfo(name).isDir() ? model_folder_tokenizer(name.toStdString()) : make_tokenizer(name.toStdString(), table_);
                if (!is_source) cache_[name] = tok;
            } catch (const std::exception& e) {
                tokenizer_error_ = QString::fromUtf8(e.what());
            }
        }
    }
    if (!tok) {
        if (!tokenizer_) {  // nothing usable yet: the source's own
            tokenizer_ = own_;
            tokenizer_name_ = own_name_;
            tokenizer_is_source_ = true;
            retokenize();
        }
        emit tokenizerChanged();
        return;
    }
    tokenizer_ = std::move(tok);
    tokenizer_name_ = name;
    tokenizer_is_source_ = is_source;
    emit tokenizerChanged();
    retokenize();
}

bool TextDocument::setText(const QString& text) {
    if (text == text_) return false;
    text_ = text;
    retokenize();
    return true;
}

void TextDocument::retokenize() {
    tokens_.clear();
    token_rows_.clear();
    if (tokenizer_) {
        const QByteArray utf8 = text_.toUtf8();
        tokens_ = tokenizer_->encode(std::string_view(utf8.constData(), size_t(utf8.size())));
        token_rows_ = token_rows(tokens_, table_.get(), tokenizer_is_source_);
    }
    refreshHighlights();
    emit tokensChanged();
}

void TextDocument::refreshHighlights() {
    highlights_.clear();
    std::unordered_set<uint32_t> seen;
    for (const auto& row : token_rows_)
        if (row && seen.insert(*row).second) {
            const std::string_view w = table_ && *row < table_->rows() ? table_->word(*row) : std::string_view();
            highlights_.push_back({*row, QString::fromUtf8(w.data(), qsizetype(w.size())), place_(*row)});
        }
}

QStringList TextDocument::unknownWords() const {
    QStringList out;
    for (size_t i = 0; i < tokens_.size(); ++i)
        if (!token_rows_[i]) {
            const QString w = QString::fromStdString(tokens_[i].text).trimmed();
            if (!w.isEmpty() && !out.contains(w)) out << w;
        }
    return out;
}

} // namespace es::ui
