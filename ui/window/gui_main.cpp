#include "window/gui_main.h"

#include "base/data_paths.h"
#include "document/session.h"
#include "gl/gl_surface_format.h"
#include "persistence/autosave.h"
#include "persistence/session_file.h"
#include "scatter/scatter_view.h"
#include "style/theme.h"
#include "window/main_window.h"
#include "window/startup_clock.h"
#include "window/view_export.h"
#include "window/window_options.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QOpenGLWidget>
#include <QPainter>
#include <QPixmap>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace es::ui {
namespace {

constexpr int kScreenshotTimeoutMs = 120000;

// QWidget::grab() renders a QOpenGLWidget child by redirecting its QPainter to an image while
// its GL calls still go to the framebuffer, which mixes up the layers; each visible GL view's
// own framebuffer is painted over its place instead.
QImage grab_window(MainWindow& window) {
    QImage image = window.grab().toImage();
    QPainter painter(&image);
    for (QOpenGLWidget* gl : window.findChildren<QOpenGLWidget*>()) {
        if (!gl->isVisible() || gl->width() <= 0 || gl->height() <= 0) continue;
        const QImage frame = gl->grabFramebuffer();
        painter.drawImage(QRectF(QPointF(gl->mapTo(&window, QPoint(0, 0))), QSizeF(gl->size())), frame);
    }
    return image;
}

// --size is the picture's size. A window cannot be smaller than its docks and controls allow:
// then the docks give way, and what still does not fit is scaled down into the size (aspect
// kept, the margin the paper's colour), so the PNG is always exactly the size asked for.
void fit_window(MainWindow& window, QSize size) {
    window.resize(size);
    if (window.minimumSizeHint().width() <= size.width() && window.minimumSizeHint().height() <= size.height()) return;
    for (QDockWidget* dock : window.findChildren<QDockWidget*>()) dock->hide();
    window.resize(size);
}

QImage image_of_size(const QImage& image, QSize size) {
    if (image.size() == size) return image;
    QImage out(size, QImage::Format_RGB32);
    out.fill(theme::background());
    const QImage scaled = image.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPainter painter(&out);
    painter.drawImage(QPoint((size.width() - scaled.width()) / 2, (size.height() - scaled.height()) / 2), scaled);
    return out;
}

std::optional<SourceSpec> source_from_options(const WindowOptions& o) {
    if (!o.model.isEmpty()) return o.model == QLatin1String("builtin") ? SourceSpec::builtin() : SourceSpec::model(o.model);
    if (!o.vectors.isEmpty()) return SourceSpec::table(o.vectors);
    return std::nullopt;
}

// Why the window cannot open at all, said before Qt's platform plugin would abort on it.
QString missing_display() {
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland")) return {};  // offscreen, vnc…
    if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) return {};
    return QStringLiteral("no display to open the window on (DISPLAY is not set): run it in a desktop session or "
                          "under xvfb-run, or give a subcommand (see embedscope --help)");
}

// While the application starts, a fatal message from Qt (a display that does not answer, no
// platform plugin) ends the process with exit 1 and one line, not an abort signal.
QtMessageHandler g_previous_handler = nullptr;
void startup_message_handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtFatalMsg) {
        const QByteArray display = qgetenv("DISPLAY");
        std::fprintf(stderr, "embedscope: cannot open the window%s: %s\n",
                     display.isEmpty() ? "" : qPrintable(QStringLiteral(" on display %1").arg(QString::fromLocal8Bit(display))),
                     qPrintable(message.simplified()));
        std::fflush(stderr);
        std::_Exit(1);
    }
    if (g_previous_handler) g_previous_handler(type, context, message);
    else std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

bool timing_requested() {
    const char* timing = std::getenv("EMBEDSCOPE_TIMING");
    return timing && std::string_view(timing) == "1";
}

} // namespace

int run_gui(int argc, char** argv) {
    ms_since_process_start();  // fixes the clock's origin before anything slow
    request_gl_core_format();
    // Read before QApplication, which takes X11's own "-session ID" (and --session) out of argv.
    QStringList args;
    std::vector<char*> qt_argv{argv[0]};
    for (int i = 1; i < argc; ++i) {
        args << QString::fromLocal8Bit(argv[i]);
        const std::string_view a(argv[i]);
        if (a == "--session" && i + 1 < argc) args << QString::fromLocal8Bit(argv[++i]);
        else if (!a.starts_with("--session=")) qt_argv.push_back(argv[i]);
    }
    qt_argv.push_back(nullptr);
    // Usage first: a mistyped option is exit 2 with a message, display or not.
    WindowOptions options;
    QString error;
    if (!parse_window_options(args, options, error)) {
        std::fprintf(stderr, "embedscope: %s\n", qPrintable(error));
        return 2;
    }
    if (const QString why = missing_display(); !why.isEmpty()) {
        std::fprintf(stderr, "embedscope: %s\n", qPrintable(why));
        return 1;
    }
    int qt_argc = int(qt_argv.size()) - 1;
    g_previous_handler = qInstallMessageHandler(startup_message_handler);
    QApplication app(qt_argc, qt_argv.data());
    qInstallMessageHandler(g_previous_handler);
    app.setOrganizationName(QStringLiteral("embedscope"));
    app.setApplicationName(QStringLiteral("Embedscope"));
    app.setApplicationVersion(QStringLiteral(EMBEDSCOPE_UI_VERSION));
    app.setDesktopFileName(QStringLiteral("embedscope"));

    const bool screenshot = !options.screenshot.isEmpty();
    std::optional<SessionFile> saved;
    QString session_error;
    QStringList session_problems;
    if (!options.session.isEmpty()) {
        saved = read_session_file(options.session, &session_error, &session_problems);
        for (const QString& p : session_problems)
            std::fprintf(stderr, "embedscope: %s: %s\n", qPrintable(options.session), qPrintable(p));
        if (!saved && screenshot) {
            std::fprintf(stderr, "embedscope: %s: %s\n", qPrintable(options.session), qPrintable(session_error));
            return 1;
        }
    }
    // Command-line options win over the session's own text and source.
    if (saved && options.has_text) saved->text = options.text;
    if (saved && (!options.vectors.isEmpty() || !options.model.isEmpty())) saved->source = source_from_options(options)->toJson();
    if (saved && !options.view.isEmpty()) saved->view = options.view;

    Session session;
    session.setConvertCommand(QCoreApplication::applicationFilePath(), {QStringLiteral("import"), QStringLiteral("--default")});
    QSettings settings;
    session.setEncoderBackend(settings.value(QStringLiteral("compute/backend"), QStringLiteral("auto")).toString());
    session.setText(saved ? saved->text : options.has_text ? options.text : QString::fromUtf8(kDefaultSentence));
    std::optional<SourceSpec> source = source_from_options(options);
    if (!source && saved && !saved->source.isEmpty()) source = SourceSpec::fromJson(saved->source);
    if (!source) source = SourceSpec::table(QString::fromStdString(default_table_path()));
    session.open(*source);  // starts at once on a worker thread, while GL is probed and the window built

    settle_gl_core_format();
    theme::apply(app, screenshot ? theme::Mode::Light
                                 : theme::modeFromName(settings.value(QStringLiteral("view/theme")).toString()));

    MainWindow window(&session);
    window.resize(options.size);
    if (!options.view.isEmpty() && !window.showView(options.view)) {
        std::fprintf(stderr, "embedscope: --view %s: this build has no such view\n", qPrintable(options.view));
        return 2;
    }
    ScatterView* view = window.scatterView();
    if (timing_requested())
        QObject::connect(view, &ScatterView::firstDataFrame, &app, [view] {
            std::fprintf(stderr, "first-frame-ms: %.0f\n", ms_since_process_start());
            std::fprintf(stderr, "gl-version: %s\n", qPrintable(view->glVersion()));
        });
    if (saved) {
        window.applySession(*saved);
        window.noteSessionProblems(options.session, session_problems);
    }

    if (!screenshot) {
        Autosave autosave(Autosave::defaultDirectory(), [&window] { return window.captureSession(); });
        window.setAutosave(&autosave);
        window.show();
        if (!options.session.isEmpty() && !saved) {
            // A damaged session file: say so and carry on with the default.
            QTimer::singleShot(0, &window, [&] { window.openSessionOrWarn(options.session); });
        } else if (!saved && autosave.previousRunCrashed()) {
            const QString kept = autosave.filePath() + QStringLiteral(".crashed");
            QFile::remove(kept);
            QFile::copy(autosave.filePath(), kept);
            window.offerCrashRestore(kept);
        }
        autosave.start();
        const int code = app.exec();
        autosave.finish();
        window.setAutosave(nullptr);
        return code;
    }

    // --screenshot: wait for the data, the session and a few complete frames of the view shown
    // (or the message about the data), then write what the window shows.
    bool done = false;
    int code = 0;
    auto capture = [&] {
        if (done) return;
        done = true;
        const QImage image = image_of_size(grab_window(window), options.size);
        if (const QString why = write_png(image, options.screenshot); !why.isEmpty()) {
            std::fprintf(stderr, "embedscope: %s: cannot write the screenshot: %s\n", qPrintable(options.screenshot),
                         qPrintable(why));
            code = 1;
        } else if (session.state() != Session::State::Ready) {
            std::fprintf(stderr, "embedscope: %s\n", qPrintable(session.errorMessage()));
            code = 1;
        }
        app.exit(code);
    };
    auto fail = [&](const QString& message) {
        if (done) return;
        std::fprintf(stderr, "embedscope: %s: %s\n", qPrintable(options.session), qPrintable(message));
        write_png(image_of_size(grab_window(window), options.size), options.screenshot);
        done = true;
        app.exit(1);
    };
    // A few frames after the view is ready: ImGui sizes its auto-resizing windows from the frame before.
    int frames = -1;
    auto arm = [&] {
        if (done || frames >= 0 || session.state() != Session::State::Ready || window.restoring()) return;
        frames = 0;
        if (window.currentView() == view) view->update();
        else QTimer::singleShot(400, &app, capture);  // other tabs: grab() renders them itself
        QTimer::singleShot(5000, &app, capture);      // not shown on a screen (no exposure, no paint)
    };
    QObject::connect(view, &QOpenGLWidget::frameSwapped, &app, [&] {
        if (frames < 0 || window.currentView() != view) return;
        // The picture is the projection's end (not a step on the way), with the trajectories drawn.
        if (view->animating() || session.projecting() || session.trajectoriesPending()) {
            view->update();
            return;
        }
        if (++frames >= 3) QTimer::singleShot(0, &app, capture);
        else view->update();
    });
    QObject::connect(&window, &MainWindow::sessionRestored, &app, [&] { QTimer::singleShot(0, &app, arm); });
    QObject::connect(&window, &MainWindow::restoreFailed, &app, fail);
    QObject::connect(&session, &Session::stateChanged, &app, [&](Session::State s) {
        if (s == Session::State::Missing || s == Session::State::Damaged) QTimer::singleShot(100, &app, capture);
        if (s == Session::State::Ready) QTimer::singleShot(0, &app, arm);
    });
    QObject::connect(&session, &Session::projectionChanged, &app, [&] { QTimer::singleShot(0, &app, arm); });
    QTimer::singleShot(kScreenshotTimeoutMs, &app, [&] {
        if (done) return;
        done = true;
        std::fprintf(stderr, "embedscope: %s: no frame was drawn within %d s\n", qPrintable(options.screenshot),
                     kScreenshotTimeoutMs / 1000);
        app.exit(1);
    });
    fit_window(window, options.size);
    window.show();
    QTimer::singleShot(0, &app, arm);
    return app.exec();
}

} // namespace es::ui
