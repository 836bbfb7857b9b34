// The explorer's document on the real default table: every row projected as the core's PCA
// (itself checked against scikit-learn) and custom axes project, PC switching without a refit,
// selection and search (regex errors), tokenizer switching with approximate rows, cancel of a
// load, TSV metadata colouring, and the contextual points of the built-in and a model source.
#include "encoder/builtin_encoder.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "encoder/encoder_model.h"
#include "projection/pca.h"
#include "encoder/random_model.h"
#include "encoder/safetensors_file.h"
#include "document/session.h"
#include "document/views_document.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <nlohmann/json.hpp>

using namespace es;
using namespace es::ui;

namespace {

constexpr int kLoadTimeoutMs = 120000;

bool close(double got, double want) { return std::abs(got - want) <= 1e-4 * std::max(1.0, std::abs(want)); }

// (v − mean) · basis row c, in double.
double coordinate(const PcaModel& m, const float* v, size_t c) {
    double s = 0;
    for (size_t j = 0; j < m.dim; ++j) s += (double(v[j]) - m.mean[j]) * m.basis[c * m.dim + j];
    return s;
}

// A projection's tolerance is DESIGN.md's, over the whole array.
double tolerance(const std::vector<double>& ref) {
    double m = 0;
    for (double v : ref) m = std::max(m, std::abs(v));
    return 1e-4 * std::max(1.0, m);
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT

    std::shared_ptr<const VectorTable> table_;
    std::unique_ptr<Session> session_;

    void waitReady(Session& s) {
        QTRY_VERIFY_WITH_TIMEOUT(s.state() != Session::State::Loading, kLoadTimeoutMs);
        QVERIFY2(s.state() == Session::State::Ready, qPrintable(s.errorMessage()));
    }
    void waitProjection(Session& s) { QTRY_VERIFY_WITH_TIMEOUT(!s.projecting(), 60000); }

    // Checks every row's x, y (and z) against the core's PCA fitted as `spec` says.
    void checkPca(const ProjectionSpec& spec, size_t fit_rows) {
        const PcaModel pca = fit_pca(*table_, kMaxComponents, fit_rows);
        QCOMPARE(session_->pca().fitted_rows, pca.fitted_rows);
        const auto& pts = session_->points();
        QCOMPARE(pts.size(), table_->rows() * 3);
        for (int a = 0; a < 3; ++a) {
            std::vector<double> ref(table_->rows(), 0.0);
            if (a < spec.dimensions())
                for (size_t r = 0; r < table_->rows(); ++r) ref[r] = coordinate(pca, table_->row(r), size_t(spec.components[size_t(a)]));
            const double tol = tolerance(ref);
            double worst = 0;
            for (size_t r = 0; r < table_->rows(); ++r) worst = std::max(worst, std::abs(pts[3 * r + size_t(a)] - ref[r]));
            QVERIFY2(worst <= tol, qPrintable(QStringLiteral("axis %1: max |Δ| %2 > %3").arg(a).arg(worst).arg(tol)));
        }
    }

private slots:
    void initTestCase() {
        const std::string path = default_table_path();
        QVERIFY2(QFile::exists(QString::fromStdString(path)), "the default table is not installed (./scripts/setup)");
        table_ = VectorTable::open_esv(path);
        session_ = std::make_unique<Session>();
        QSignalSpy ready(session_.get(), &Session::projectionChanged);
        QElapsedTimer clock;
        clock.start();
        session_->load(QString::fromStdString(path));
        QCOMPARE(session_->state(), Session::State::Loading);
        waitReady(*session_);
        QVERIFY(ready.count() >= 1);
        // Reported, not checked (tests do not fail on time): open + fit + project of every row.
        qInfo("default table: open, fit (%s) and project %zu rows: %lld ms", fit_on_name(session_->projection().fit_on),
              session_->pointCount(), (long long)clock.elapsed());
    }

    void specsRoundTripThroughJson() {
        ProjectionSpec p;
        p.kind = ProjectionSpec::Axes;
        p.three_d = true;
        p.fit_on = ProjectionSpec::FitOn::Selection;
        p.axes = {{{"he", "him"}, {"she", "her"}, {}}, {{"bad"}, {"good"}, "quality"}, {{"cold"}, {"hot"}, {}}};
        const auto back = ProjectionSpec::fromJson(QJsonDocument::fromJson(QJsonDocument(p.toJson()).toJson()).object());
        QVERIFY(back.has_value());
        QVERIFY(*back == p);
        QString error;
        QJsonObject bad = p.toJson();
        bad["kind"] = "tsne";
        QVERIFY(!ProjectionSpec::fromJson(bad, &error));
        QVERIFY(error.contains("tsne"));
        ProjectionSpec pcs;
        pcs.components = {4, 4, 0};
        QVERIFY(!pcs.valid(&error));
        QVERIFY(error.contains("PC5"));
        for (const SourceSpec& s : {SourceSpec::table("/x/v.esv"), SourceSpec::model("/m"), SourceSpec::builtin()}) {
            const auto b = SourceSpec::fromJson(s.toJson());
            QVERIFY(b && *b == s);
        }
        QVERIFY(!SourceSpec::fromJson(QJsonObject{{"kind", "model"}}, &error));
        QTemporaryDir dir;
        QCOMPARE(SourceSpec::forPath(dir.path()).kind, SourceSpec::Table);
        QFile config(dir.filePath("config.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.close();
        QCOMPARE(SourceSpec::forPath(dir.path()), SourceSpec::model(dir.path()));
        QCOMPARE(SourceSpec::forPath(dir.filePath("vectors.tsv")).kind, SourceSpec::Table);
        QCOMPARE(axis_label(p.axes[0]), QStringLiteral("he, him → she, her"));
        QCOMPARE(axis_label(p.axes[1]), QStringLiteral("quality"));
    }

    void everyRowIsProjectedByTheDefaultFit() {
        QCOMPARE(session_->pointCount(), table_->rows());
        const ProjectionSpec spec = session_->projection();
        QCOMPARE(spec.kind, ProjectionSpec::Pca);
        checkPca(spec, spec.fit_on == ProjectionSpec::FitOn::Top10k ? 10000 : spec.fit_on == ProjectionSpec::FitOn::Top50k ? 50000 : 0);
        // Closed form: over the fit rows, each coordinate has mean 0 and variance the explained variance.
        const size_t n = session_->pca().fitted_rows;
        const auto& pts = session_->points();
        for (int a = 0; a < 2; ++a) {
            double s = 0, s2 = 0;
            for (size_t r = 0; r < n; ++r) s += pts[3 * r + size_t(a)], s2 += double(pts[3 * r + size_t(a)]) * pts[3 * r + size_t(a)];
            const double mean = s / double(n), var = (s2 - double(n) * mean * mean) / double(n - 1);
            QVERIFY2(std::abs(mean) < 1e-3, qPrintable(QString::number(mean)));
            QVERIFY2(close(var, session_->pca().explained_variance[size_t(spec.components[size_t(a)])]), qPrintable(QString::number(var)));
        }
        const auto labels = session_->axisLabels();
        QCOMPARE(labels.size(), 2);
        QVERIFY2(labels[0].startsWith("PC1 (") && labels[0].endsWith(" %)"), qPrintable(labels[0]));
        QCOMPARE(session_->explainedVariance().size(), size_t(2));
        QCOMPARE(session_->explainedVariance()[0], session_->pca().explained_variance_ratio[0]);
        // projectRow and projectVector agree with the points.
        const uint32_t king = *table_->lookup("king");
        const QVector3D p = session_->projectRow(king), q = session_->projectVector(table_->row(king));
        QVERIFY(close(p.x(), pts[3 * king]) && close(q.x(), p.x()) && close(q.y(), p.y()) && q.z() == 0.0f);
        const QPointF flat = session_->projectRow(king);  // 2-D callers
        QCOMPARE(flat.x(), double(p.x()));
    }

    void switchingComponentsDoesNotRefit() {
        ProjectionSpec spec = session_->projection();
        const size_t fitted = session_->pca().fitted_rows;
        const std::vector<float> basis = session_->pca().basis;
        spec.components = {2, 0, 4};
        spec.three_d = true;
        QSignalSpy changed(session_.get(), &Session::projectionChanged);
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 1, 30000);
        QVERIFY(session_->projection() == spec);
        QCOMPARE(session_->pca().basis, basis);  // same fit, other components
        checkPca(spec, fitted);
        QCOMPARE(session_->axisLabels().size(), 3);
        QVERIFY(session_->axisLabels()[0].startsWith("PC3 ("));

        // Another fit set refits: the top 10k.
        spec.fit_on = ProjectionSpec::FitOn::Top10k;
        spec.three_d = false;
        spec.components = {0, 1, 2};
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 2, 30000);
        checkPca(spec, 10000);
    }

    void customAxesProjectOnCentroidDirections() {
        ProjectionSpec spec;
        spec.kind = ProjectionSpec::Axes;
        spec.axes = {{{"he"}, {"she"}, {}}, {{"bad", "worse"}, {"good", "better"}, {}}};
        QSignalSpy changed(session_.get(), &Session::projectionChanged);
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 1, 30000);
        QVERIFY2(session_->projectionError().isEmpty(), qPrintable(session_->projectionError()));
        QCOMPARE(session_->axisLabels(), (QStringList{"he → she", "bad, worse → good, better"}));
        const size_t d = table_->dim();
        auto centroid = [&](std::initializer_list<const char*> words) {
            std::vector<double> c(d, 0.0);
            for (const char* w : words)
                for (size_t j = 0; j < d; ++j) c[j] += table_->row(*table_->lookup(w))[j] / double(words.size());
            return c;
        };
        std::vector<std::vector<double>> dirs;
        for (auto [from, to] : {std::pair{centroid({"he"}), centroid({"she"})}, std::pair{centroid({"bad", "worse"}), centroid({"good", "better"})}}) {
            std::vector<double> v(d);
            double norm = 0;
            for (size_t j = 0; j < d; ++j) v[j] = to[j] - from[j], norm += v[j] * v[j];
            for (double& x : v) x /= std::sqrt(norm);
            dirs.push_back(v);
        }
        const auto& pts = session_->points();
        QCOMPARE(pts.size(), table_->rows() * 3);
        for (size_t a = 0; a < 2; ++a) {
            std::vector<double> ref(table_->rows());
            for (size_t r = 0; r < table_->rows(); ++r) {
                double s = 0;
                for (size_t j = 0; j < d; ++j) s += table_->row(r)[j] * dirs[a][j];
                ref[r] = s;
            }
            double worst = 0;
            for (size_t r = 0; r < table_->rows(); ++r) worst = std::max(worst, std::abs(pts[3 * r + a] - ref[r]));
            QVERIFY2(worst <= tolerance(ref), qPrintable(QString::number(worst)));
        }
        // "she" lies further along he → she than "he".
        QVERIFY(session_->projectRow(*table_->lookup("she")).x() > session_->projectRow(*table_->lookup("he")).x());

        // A word the vocabulary lacks: an error naming it, the points unchanged.
        QSignalSpy failed(session_.get(), &Session::projectionFailed);
        ProjectionSpec bad = spec;
        bad.axes[1].to = QStringList{"zqxwvbnmword"};
        session_->setProjection(bad);
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 30000);
        QVERIFY2(session_->projectionError().contains("zqxwvbnmword"), qPrintable(session_->projectionError()));
        QCOMPARE(session_->points(), pts);
        QVERIFY(session_->projection() == spec);
    }

    void fitOnTheSelection() {
        std::vector<uint32_t> rows;
        for (const char* w : {"king", "queen", "man", "woman", "prince", "princess", "boy", "girl", "paris", "france"})
            rows.push_back(*table_->lookup(w));
        session_->setSelection(rows);
        ProjectionSpec spec;
        spec.fit_on = ProjectionSpec::FitOn::Selection;
        QSignalSpy changed(session_.get(), &Session::projectionChanged);
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 1, 30000);
        std::vector<std::string> words;
        std::vector<float> data;
        for (uint32_t r : session_->selection()) {
            words.emplace_back(table_->word(r));
            data.insert(data.end(), table_->row(r), table_->row(r) + table_->dim());
        }
        const auto sub = VectorTable::from_rows(words, data, table_->dim(), "selection");
        const PcaModel pca = fit_pca(*sub, kMaxComponents, 0);
        QCOMPARE(session_->pca().fitted_rows, size_t(10));
        const uint32_t probe = *table_->lookup("castle");
        QVERIFY(close(session_->projectRow(probe).x(), coordinate(pca, table_->row(probe), 0)));
        QVERIFY(close(session_->projectRow(probe).y(), coordinate(pca, table_->row(probe), 1)));
        session_->setSelection({});
        session_->setProjection(ProjectionSpec{});
        waitProjection(*session_);
    }

    void selectionAndSearch() {
        QSignalSpy sel(session_.get(), &Session::selectionChanged);
        session_->setSelection({40, 7, 7, 3, uint32_t(table_->rows() + 5)});
        QCOMPARE(session_->selection(), (std::vector<uint32_t>{3, 7, 40}));
        QCOMPARE(sel.count(), 1);
        session_->setCurrentRow(7u);
        QCOMPARE(session_->currentRow(), std::optional<uint32_t>(7u));
        QCOMPARE(sel.count(), 2);

        session_->setColourBy(Session::ColourBy::Selection);
        QCOMPARE(session_->colourValues().size(), table_->rows());
        QCOMPARE(session_->colourValues()[7], 1.0f);
        QCOMPARE(session_->colourValues()[8], 0.0f);
        session_->setColourBy(Session::ColourBy::Rank);
        QCOMPARE(session_->colourValues()[0], 0.0f);
        QCOMPARE(session_->colourValues().back(), 1.0f);
        const size_t mid = 9999;  // log scale: the 10,000th word sits at log(10000) / log(rows)
        QVERIFY(close(session_->colourValues()[mid], std::log1p(double(mid)) / std::log1p(double(table_->rows() - 1))));

        // Substring, case-insensitive: every word containing "king", as a plain scan finds them.
        session_->setSearch("KING", false);
        QTRY_VERIFY(!session_->searching());
        std::vector<uint32_t> want;
        for (size_t r = 0; r < table_->rows(); ++r)
            if (table_->word(r).find("king") != std::string_view::npos) want.push_back(uint32_t(r));
        QVERIFY(want.size() > 100);
        QCOMPARE(session_->searchMatches(), want);

        // A regular expression runs on a worker.
        QSignalSpy searched(session_.get(), &Session::searchChanged);
        session_->setSearch("^kin+g(s|dom)?$", true);
        QTRY_VERIFY_WITH_TIMEOUT(!session_->searching(), 30000);
        QVERIFY(session_->searchError().isEmpty());
        const std::regex reference("^kin+g(s|dom)?$", std::regex::icase);
        std::vector<uint32_t> regex_want;
        for (size_t r = 0; r < table_->rows(); ++r)
            if (std::regex_search(std::string(table_->word(r)), reference)) regex_want.push_back(uint32_t(r));
        QVERIFY(regex_want.size() >= 3);
        QCOMPARE(session_->searchMatches(), regex_want);

        // A non-ASCII substring goes through the worker, case-folded: a word of the table with a
        // non-ASCII character, typed in upper case ("ÉTÉ" for "été").
        std::string sample = "\xC3\xA9t\xC3\xA9";
        for (size_t r = 0; r < table_->rows(); ++r)
            if (std::any_of(table_->word(r).begin(), table_->word(r).end(), [](char c) { return (unsigned char)c >= 0x80; })) {
                sample = std::string(table_->word(r));
                break;
            }
        session_->setSearch(QString::fromStdString(to_upper_utf8(sample)), false);
        QTRY_VERIFY_WITH_TIMEOUT(!session_->searching(), 30000);
        QVERIFY(session_->searchError().isEmpty());
        std::vector<uint32_t> folded;
        for (size_t r = 0; r < table_->rows(); ++r)
            if (to_lower_utf8(table_->word(r)).find(to_lower_utf8(sample)) != std::string::npos) folded.push_back(uint32_t(r));
        QCOMPARE(session_->searchMatches(), folded);

        // An invalid one: the message, no matches.
        session_->setSearch("(king", true);
        QVERIFY2(!session_->searchError().isEmpty(), "no error for an unbalanced parenthesis");
        QVERIFY(session_->searchMatches().empty());
        QVERIFY(!session_->searching());
        session_->setSearch({}, false);
        QVERIFY(session_->searchMatches().empty() && session_->searchError().isEmpty());
    }

    void neighboursAndAnalogies() {
        const uint32_t king = *table_->lookup("king");
        const auto n = session_->neighbours(king, 5, Metric::Cosine);
        QCOMPARE(n.size(), size_t(5));
        const auto want = nearest(*table_, std::span<const float>(table_->row(king), table_->dim()), 6, Metric::Cosine);
        QCOMPARE(want[0].row, king);  // the word itself first; the session leaves it out
        for (size_t i = 0; i < 5; ++i) {
            QCOMPARE(n[i].row, want[i + 1].row);
            QCOMPARE(n[i].score, want[i + 1].score);
        }
        const auto e = session_->neighbours(king, 3, Metric::Euclidean);
        QVERIFY(e.size() == 3 && e[0].score <= e[1].score);
        const Analogy a = session_->analogy(*table_->lookup("man"), king, *table_->lookup("woman"), AnalogyMethod::CosAdd, 5);
        QVERIFY(!a.candidates.empty());
        QCOMPARE(session_->word(a.candidates[0].row), QStringLiteral("queen"));
        QCOMPARE(a.target.size(), size_t(table_->dim()));
        const QVector3D landing = session_->projectVector(a.target.data());
        QVERIFY(std::isfinite(landing.x()) && std::isfinite(landing.y()));
    }

    void tokenizerSwitchMapsPiecesToRows() {
        session_->setText("The darkness of Überlingen isn't unbelievable");
        QCOMPARE(session_->tokenizerName(), QStringLiteral("glove"));
        for (size_t i = 0; i < session_->tokens().size(); ++i) QVERIFY(!session_->tokenApproximate(i));
        QSignalSpy tokens(session_.get(), &Session::tokensChanged);
        session_->setTokenizer("cl100k_base");
        QVERIFY2(session_->tokenizerError().isEmpty(), qPrintable(session_->tokenizerError()));
        QCOMPARE(session_->tokenizerName(), QStringLiteral("cl100k_base"));
        QCOMPARE(tokens.count(), 1);
        const auto cl100k = make_tokenizer("cl100k_base");
        const QByteArray utf8 = session_->loadedText().toUtf8();
        const auto want = cl100k->encode(std::string_view(utf8.constData(), size_t(utf8.size())));
        QCOMPARE(session_->tokens().size(), want.size());
        size_t mapped = 0;
        for (size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(session_->tokens()[i].id, want[i].id);
            QVERIFY(session_->tokenApproximate(i));
            // The piece's text, its leading space dropped, lower-cased: the table's row.
            std::string text = want[i].text;
            while (!text.empty() && text.front() == ' ') text.erase(0, 1);
            const auto row = text.empty() ? std::nullopt : table_->find_exact(to_lower_utf8(text));
            QCOMPARE(session_->tokenRow(i), row);
            mapped += row.has_value();
        }
        QVERIFY(mapped >= 4);
        QVERIFY(std::find(session_->highlightedRows().begin(), session_->highlightedRows().end(), *table_->lookup("the")) !=
                session_->highlightedRows().end());

        // BERT's WordPiece: "##" continuation pieces map without their mark.
        session_->setTokenizer("bert-base-uncased");
        QVERIFY2(session_->tokenizerError().isEmpty(), qPrintable(session_->tokenizerError()));
        bool continuation = false;
        for (size_t i = 0; i < session_->tokens().size(); ++i) {
            const Token& t = session_->tokens()[i];
            if (t.piece.rfind("##", 0) == 0 && table_->find_exact(t.piece.substr(2))) {
                QCOMPARE(session_->tokenRow(i), table_->find_exact(t.piece.substr(2)));
                continuation = true;
            }
        }
        QVERIFY(continuation);

        // An unknown name: an error, the tokenizer kept.
        session_->setTokenizer("no-such-tokenizer");
        QVERIFY(!session_->tokenizerError().isEmpty());
        QCOMPARE(session_->tokenizerName(), QStringLiteral("bert-base-uncased"));
        session_->setTokenizer("glove");
        QCOMPARE(session_->tokenizerName(), QStringLiteral("glove"));
        QVERIFY(!session_->tokenApproximate(0));
    }

    void cancelKeepsThePreviousSource() {
        const SourceSpec before = session_->source();
        const VectorTable* table = session_->table();
        const std::vector<float> points = session_->points();
        // A text table large enough to take a while to read.
        QTemporaryDir dir;
        const QString path = dir.filePath("big.vec");
        {
            std::ofstream f(path.toStdString());
            f << "60000 " << table_->dim() << "\n";
            for (size_t r = 0; r < 60000; ++r) {
                f << table_->word(r);
                for (size_t j = 0; j < table_->dim(); ++j) f << ' ' << table_->row(r)[j];
                f << '\n';
            }
        }
        QSignalSpy state(session_.get(), &Session::stateChanged);
        session_->open(SourceSpec::table(path));
        QCOMPARE(session_->state(), Session::State::Loading);
        QCOMPARE(session_->source().path, path);
        session_->cancelLoad();
        QCOMPARE(session_->state(), Session::State::Ready);
        QVERIFY(session_->source() == before);
        QTest::qWait(1500);  // whatever the worker still finishes is dropped
        QCOMPARE(session_->state(), Session::State::Ready);
        QCOMPARE(session_->table(), table);
        QCOMPARE(session_->points(), points);
        QCOMPARE(state.count(), 2);  // Loading, then Ready again

        // Loaded to the end, the same file becomes the source.
        Session other;
        other.open(SourceSpec::table(path));
        waitReady(other);
        QCOMPARE(other.vocabularySize(), size_t(60000));
        QCOMPARE(other.word(17), QString::fromUtf8(table_->word(17).data(), qsizetype(table_->word(17).size())));
        QCOMPARE(other.pointCount(), size_t(60000));
    }

    void tsvMetadataColours() {
        // TF Projector files of real GloVe rows with two metadata columns.
        QTemporaryDir dir;
        const size_t n = 500;
        std::map<std::string, int> count;
        std::vector<std::string> length_class(n), parity(n);
        {
            std::ofstream v(dir.filePath("vectors.tsv").toStdString()), m(dir.filePath("metadata.tsv").toStdString());
            m << "word\tlength\tparity\n";
            for (size_t r = 0; r < n; ++r) {
                const std::string_view w = table_->word(r);
                for (size_t j = 0; j < table_->dim(); ++j) v << (j ? "\t" : "") << table_->row(r)[j];
                v << '\n';
                length_class[r] = w.size() <= 2 ? "short" : w.size() <= 5 ? "medium" : "long";
                parity[r] = r % 2 ? "odd" : "even";
                m << w << '\t' << length_class[r] << '\t' << parity[r] << '\n';
                ++count[length_class[r]];
            }
        }
        Session s;
        QSignalSpy colour(&s, &Session::colourChanged);
        s.open(SourceSpec::table(dir.filePath("vectors.tsv")));
        s.setColourBy(Session::ColourBy::Metadata, "parity");  // while loading: kept for the new source
        waitReady(s);
        QCOMPARE(s.colourBy(), Session::ColourBy::Metadata);
        QCOMPARE(s.colourCategories(), (QStringList{"even", "odd"}));
        QCOMPARE(s.colourValues()[3], 1.0f);
        QCOMPARE(s.vocabularySize(), n);
        QCOMPARE(s.word(3), QString::fromUtf8(table_->word(3).data(), qsizetype(table_->word(3).size())));
        QCOMPARE(s.metadataColumns(), (QStringList{"length", "parity"}));
        QCOMPARE(s.metadataValue(4, "parity"), QStringLiteral("even"));
        s.setColourBy(Session::ColourBy::Metadata, "length");
        QCOMPARE(s.colourBy(), Session::ColourBy::Metadata);
        // Categories, most frequent first.
        std::vector<std::pair<int, std::string>> order;
        for (const auto& [k, c] : count) order.push_back({-c, k});
        std::sort(order.begin(), order.end());
        QStringList cats;
        for (const auto& [c, k] : order) cats << QString::fromStdString(k);
        QCOMPARE(s.colourCategories(), cats);
        QCOMPARE(s.colourValues().size(), n);
        for (size_t r = 0; r < n; ++r) QCOMPARE(s.colourCategories()[qsizetype(s.colourValues()[r])].toStdString(), length_class[r]);
        // An unknown column falls back to rank.
        s.setColourBy(Session::ColourBy::Metadata, "nope");
        QCOMPARE(s.colourBy(), Session::ColourBy::Rank);
        QVERIFY(colour.count() >= 2);
    }

    void badSourcesSayWhatIsWrong() {
        QTemporaryDir dir;
        Session s;
        s.open(SourceSpec::table(dir.filePath("absent.vec")));
        QTRY_VERIFY_WITH_TIMEOUT(s.state() != Session::State::Loading, 30000);
        QCOMPARE(s.state(), Session::State::Missing);
        QVERIFY2(s.errorMessage().contains("absent.vec"), qPrintable(s.errorMessage()));
        {
            std::ofstream f(dir.filePath("ragged.tsv").toStdString());
            f << "0.1\t0.2\t0.3\n0.4\t0.5\n";
        }
        s.open(SourceSpec::table(dir.filePath("ragged.tsv")));
        QTRY_VERIFY_WITH_TIMEOUT(s.state() != Session::State::Loading, 30000);
        QCOMPARE(s.state(), Session::State::Damaged);
        QVERIFY2(s.errorMessage().contains("ragged.tsv:2"), qPrintable(s.errorMessage()));
        QVERIFY(!s.errorMessage().contains('\n'));
        s.open(SourceSpec::model(dir.path()));  // a folder without config.json
        QTRY_VERIFY_WITH_TIMEOUT(s.state() != Session::State::Loading, 30000);
        QCOMPARE(s.state(), Session::State::Damaged);
        QVERIFY2(s.errorMessage().contains("config.json"), qPrintable(s.errorMessage()));
        QVERIFY(s.points().empty() && !s.hasEncoder());
    }

    void threeCustomAxesIn3d() {
        ProjectionSpec spec;
        spec.kind = ProjectionSpec::Axes;
        spec.three_d = true;
        spec.axes = {{{"man"}, {"woman"}, {}}, {{"cold"}, {"hot"}, {}}, {{"small"}, {"big"}, {"size"}}};
        QSignalSpy changed(session_.get(), &Session::projectionChanged);
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 1, 30000);
        QCOMPARE(session_->axisLabels(), (QStringList{"man → woman", "cold → hot", "size"}));
        QCOMPARE(session_->explainedVariance().size(), size_t(3));
        const float* small = table_->row(*table_->lookup("small"));
        const float* big = table_->row(*table_->lookup("big"));
        const uint32_t probe = *table_->lookup("giant");
        double dot = 0, norm = 0;
        for (size_t j = 0; j < table_->dim(); ++j) {
            const double d = double(big[j]) - small[j];
            dot += d * table_->row(probe)[j];
            norm += d * d;
        }
        QVERIFY(close(session_->projectRow(probe).z(), dot / std::sqrt(norm)));
        session_->setProjection(ProjectionSpec{});
        waitProjection(*session_);
    }

    void builtinSourceGivesLayerPoints() {
        Session s;
        s.open(SourceSpec::builtin());
        waitReady(s);
        QVERIFY(s.hasEncoder());
        QCOMPARE(s.vocabularySize(), table_->rows());
        const int layers = s.layerCount();
        QVERIFY(layers >= 1);
        QVERIFY2(s.encoderBackendInUse().startsWith("cpu"), qPrintable(s.encoderBackendInUse()));
        QSignalSpy ctx(&s, &Session::contextualChanged);
        s.setText("the king and the queen");
        QTRY_VERIFY_WITH_TIMEOUT(ctx.count() >= 1, 30000);
        QVERIFY2(s.contextualError().isEmpty(), qPrintable(s.contextualError()));
        QCOMPARE(s.contextualTokens().size(), size_t(5));
        QCOMPARE(s.contextualPoints().size(), size_t(15));
        // The same run straight from the core, projected with the session's PCA.
        BuiltinEncoder enc(table_, std::make_shared<CpuBackend>(2));
        std::vector<int64_t> ids;
        for (const Token& t : s.contextualTokens()) ids.push_back(t.id);
        const EncoderOutput out = enc.run(ids, {false, false});
        const ProjectionSpec spec = s.projection();
        for (int layer : {layers, 0}) {
            s.setLayer(layer);
            QCOMPARE(s.layer(), layer);
            for (size_t t = 0; t < 5; ++t)
                for (int a = 0; a < 2; ++a) {
                    const double want = coordinate(s.pca(), out.hidden_states[size_t(layer)].data() + t * size_t(out.hidden),
                                                   size_t(spec.components[size_t(a)]));
                    QVERIFY2(close(s.contextualPoints()[3 * t + size_t(a)], want),
                             qPrintable(QStringLiteral("layer %1 token %2: %3 vs %4").arg(layer).arg(t).arg(s.contextualPoints()[3 * t + size_t(a)]).arg(want)));
                }
        }
        // Typing fast: only the newest text's vectors arrive in the end.
        const QString sentence = QStringLiteral("a man walks his dog along the river bank");
        for (qsizetype i = 1; i <= sentence.size(); ++i) s.setText(sentence.left(i));
        QTRY_VERIFY_WITH_TIMEOUT(s.contextualTokens().size() == 9 && s.contextualTokens().back().text == "bank", 30000);
        QCOMPARE(s.contextualPoints().size(), size_t(27));
        s.setText("the king and the queen");
        QTRY_VERIFY_WITH_TIMEOUT(s.contextualTokens().size() == 5, 30000);

        // Layer 0 is the embedding plus positions: not the static point, but close to it for "king".
        const QVector3D still = s.projectRow(*table_->lookup("king"));
        const QVector3D moved(s.contextualPoints()[3], s.contextualPoints()[4], 0);
        QVERIFY(still != moved);
    }

    void gpuBackendAgreesWithTheCpu() {
        // Under Xvfb, Mesa's llvmpipe offers GL 4.3 compute: "gpu" runs there; "auto" takes the CPU.
        Session s;
        s.setEncoderBackend("cpu");
        s.open(SourceSpec::builtin());
        waitReady(s);
        QCOMPARE(s.encoderBackendInUse(), QStringLiteral("cpu"));
        QSignalSpy ctx(&s, &Session::contextualChanged);
        s.setText("paris is the capital of france");
        QTRY_VERIFY_WITH_TIMEOUT(ctx.count() >= 1, 30000);
        const std::vector<float> cpu = s.contextualPoints();
        QCOMPARE(cpu.size(), size_t(6 * 3));
        s.setEncoderBackend("auto");
        waitReady(s);
        // auto: the CPU with its reason on a software renderer (or with no GL), a hardware GPU otherwise.
        QVERIFY2(s.encoderBackendInUse().startsWith("cpu (") || s.encoderBackendInUse().startsWith("gpu: "),
                 qPrintable(s.encoderBackendInUse()));
        s.setEncoderBackend("gpu");
        QCOMPARE(s.state(), Session::State::Loading);
        waitReady(s);
        QVERIFY2(s.encoderBackendInUse().startsWith("gpu: "), qPrintable(s.encoderBackendInUse()));
        QTRY_VERIFY_WITH_TIMEOUT(s.contextualPoints().size() == cpu.size(), 60000);
        std::vector<double> ref(cpu.begin(), cpu.end());
        for (size_t i = 0; i < cpu.size(); ++i)
            QVERIFY2(std::abs(s.contextualPoints()[i] - cpu[i]) <= tolerance(ref), qPrintable(QString::number(i)));
    }

    void modelSourceUsesItsEmbeddingMatrix() {
        // A small BERT with random weights and BERT's real uncased vocabulary.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        const auto pieces = nlohmann::json::parse(std::ifstream(tokenizer_data_path("bert-base-uncased") + "/vocab.json"));
        {
            std::ofstream v(root + "/vocab.txt");
            for (size_t i = 0; i < pieces.size(); ++i) {
                const std::string p = pieces[i].get<std::string>();
                if (i == 1) v << "[unused0]\n";
                else if (p.rfind("\xE2\x96\x81", 0) == 0) v << p.substr(3) << '\n';
                else if (p.front() == '[' && p.back() == ']') v << p << '\n';
                else v << "##" << p << '\n';
            }
        }
        RandomBertShape shape;
        shape.layers = 2, shape.hidden = 32, shape.heads = 2, shape.ffn = 64, shape.vocab = int64_t(pieces.size()), shape.positions = 64;
        write_random_bert(root, shape, 7);

        Session s;
        s.open(SourceSpec::model(dir.path()));
        waitReady(s);
        QVERIFY(s.hasEncoder());
        QCOMPARE(s.layerCount(), 2);
        QCOMPARE(s.vocabularySize(), size_t(shape.vocab));
        QCOMPARE(s.dimension(), uint32_t(shape.hidden));
        QCOMPARE(s.word(2023), QStringLiteral("this"));
        QVERIFY(s.availableTokenizers().contains("model"));
        QCOMPARE(s.tokenizerName(), QStringLiteral("model"));
        // A chosen tokenizer carries over to the next source; the source's own follows the source.
        s.setTokenizer("cl100k_base");
        s.open(SourceSpec::builtin());
        waitReady(s);
        QCOMPARE(s.tokenizerName(), QStringLiteral("cl100k_base"));
        s.setTokenizer({});
        QCOMPARE(s.tokenizerName(), QStringLiteral("glove"));
        s.setText("unbelievable things");
        s.setTokenizer(dir.path());  // the model folder as a tokenizer on GloVe: approximate rows
        QVERIFY2(s.tokenizerError().isEmpty(), qPrintable(s.tokenizerError()));
        QVERIFY(!s.tokens().empty() && s.tokenApproximate(0));
        s.open(SourceSpec::model(dir.path()));
        waitReady(s);
        QCOMPARE(s.tokenizerName(), dir.path());
        s.setTokenizer("model");
        QCOMPARE(s.tokenizerName(), QStringLiteral("model"));
        // Rows are the embedding matrix.
        const SafetensorsModel weights(root);
        const auto emb = weights.load("embeddings.word_embeddings.weight", {shape.vocab, shape.hidden});
        for (uint32_t r : {0u, 2023u, uint32_t(shape.vocab - 1)})
            for (size_t j = 0; j < size_t(shape.hidden); ++j) QCOMPARE(s.table()->row(r)[j], emb[r * size_t(shape.hidden) + j]);
        QCOMPARE(s.pointCount(), size_t(shape.vocab));

        QSignalSpy ctx(&s, &Session::contextualChanged);
        s.setText("this is unbelievable");
        QTRY_VERIFY_WITH_TIMEOUT(ctx.count() >= 1, 30000);
        QVERIFY2(s.contextualError().isEmpty(), qPrintable(s.contextualError()));
        // Token ids are rows: the model's own tokens, exact.
        for (size_t i = 0; i < s.tokens().size(); ++i) {
            QVERIFY(!s.tokenApproximate(i));
            QCOMPARE(int64_t(*s.tokenRow(i)), s.tokens()[i].id);
        }
        auto model = EncoderModel::load(root, std::make_shared<CpuBackend>(2));
        std::vector<int64_t> ids;
        for (const Token& t : s.contextualTokens()) ids.push_back(t.id);
        QVERIFY(ids.size() >= 5);  // [CLS] this is un ##bel… [SEP]
        const EncoderOutput out = model->run(ids, {false, false});
        s.setLayer(1);
        for (size_t t = 0; t < ids.size(); ++t)
            for (int a = 0; a < 2; ++a) {
                const double want = coordinate(s.pca(), out.hidden_states[1].data() + t * size_t(out.hidden), size_t(s.projection().components[size_t(a)]));
                QVERIFY(close(s.contextualPoints()[3 * t + size_t(a)], want));
            }
        // The attention views run the model the session loaded: no second copy, the same numbers.
        ViewsDocument* views = s.views();
        QCOMPARE(ViewsDocument::of(&s), views);
        QTRY_VERIFY_WITH_TIMEOUT(views->data() && views->data()->source == dir.path() && !views->busy(), 30000);
        const auto data = views->data();
        QVERIFY2(data->ok(), qPrintable(data->error));
        QVERIFY(data->sessionModel);
        QCOMPARE(data->modelName, s.encoderName());
        const EncoderOutput again = model->run(data->ids, {true, false});
        QCOMPARE(data->out.attentions.size(), again.attentions.size());
        for (size_t l = 0; l < again.attentions.size(); ++l)
            for (size_t i = 0; i < again.attentions[l].size(); ++i) QVERIFY(close(data->out.attentions[l][i], again.attentions[l][i]));
    }
};

QTEST_MAIN(TestSession)
#include "test_session.moc"
