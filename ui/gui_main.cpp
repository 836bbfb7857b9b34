#include "gui_main.h"

#include "data_paths.h"
#include "main_window.h"
#include "scatter_view.h"
#include "session.h"
#include "startup_clock.h"
#include "theme.h"
#include "window_options.h"

#include <QApplication>
#include <QImage>
#include <QOpenGLContext>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSurfaceFormat>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

namespace es::ui {
namespace {

constexpr int kScreenshotTimeoutMs = 120000;

QSurfaceFormat core_format(int major, int minor) {
    QSurfaceFormat f;
    f.setRenderableType(QSurfaceFormat::OpenGL);
    f.setVersion(major, minor);
    f.setProfile(QSurfaceFormat::CoreProfile);
    f.setDepthBufferSize(0);
    f.setStencilBufferSize(8);  // QPainter's GL engine clips and fills paths with the stencil
    return f;
}

// DESIGN.md: ask for 4.3 core; where less is offered, take 3.3 core and draw the same.
void choose_gl_format() {
    QOpenGLContext probe;
    probe.setFormat(QSurfaceFormat::defaultFormat());
    if (probe.create() && probe.format().version() >= qMakePair(4, 3)) return;
    QSurfaceFormat::setDefaultFormat(core_format(3, 3));
}

// Empty when written; otherwise why not.
QString write_png(const QImage& image, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        return QStringLiteral("PNG encoding failed");
    }
    if (!file.commit()) return file.errorString();
    return {};
}

// QWidget::grab() renders a QOpenGLWidget child by redirecting its QPainter to an image while
// its GL calls still go to the framebuffer, which mixes up the layers; the view's own
// framebuffer is painted over its place instead.
QImage grab_window(MainWindow& window) {
    QImage image = window.grab().toImage();
    ScatterView* view = window.scatterView();
    if (view->isVisible()) {
        QPainter painter(&image);
        painter.drawImage(QPointF(view->mapTo(&window, QPoint(0, 0))), view->grabFramebuffer());
    }
    return image;
}

} // namespace

int run_gui(int argc, char** argv) {
    ms_since_process_start();  // fixes the clock's origin before anything slow
    QSurfaceFormat::setDefaultFormat(core_format(4, 3));
    QApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("Embedscope"));
    app.setApplicationVersion(QStringLiteral(EMBEDSCOPE_UI_VERSION));

    WindowOptions options;
    QString error;
    if (!parse_window_options(app.arguments().mid(1), options, error)) {
        std::fprintf(stderr, "embedscope: %s\n", qPrintable(error));
        return 2;
    }
    Session session;
    session.setConvertCommand(QCoreApplication::applicationFilePath(), {QStringLiteral("import"), QStringLiteral("--default")});
    session.setText(options.has_text ? options.text : QString::fromUtf8(kDefaultSentence));
    const QString path = options.vectors.isEmpty() ? QString::fromStdString(default_table_path()) : options.vectors;
    session.load(path);  // starts at once on a worker thread, while GL is probed and the window built

    choose_gl_format();
    theme::apply(app);

    MainWindow window(&session);
    window.resize(options.size);
    ScatterView* view = window.scatterView();

    const char* timing = std::getenv("EMBEDSCOPE_TIMING");
    if (timing && std::string_view(timing) == "1")
        QObject::connect(view, &ScatterView::firstDataFrame, &app, [view] {
            std::fprintf(stderr, "first-frame-ms: %.0f\n", ms_since_process_start());
            std::fprintf(stderr, "gl-version: %s\n", qPrintable(view->glVersion()));
        });

    if (options.screenshot.isEmpty()) {
        window.show();
        return app.exec();
    }

    // --screenshot: wait for the data and its first complete frame (or the message about the
    // data), then write what the window shows.
    bool done = false;
    auto capture = [&] {
        if (done) return;
        done = true;
        const QImage image = grab_window(window);
        if (const QString why = write_png(image, options.screenshot); !why.isEmpty()) {
            std::fprintf(stderr, "embedscope: %s: cannot write the screenshot: %s\n", qPrintable(options.screenshot),
                         qPrintable(why));
            app.exit(1);
        } else if (session.state() != Session::State::Ready) {
            std::fprintf(stderr, "embedscope: %s\n", qPrintable(session.errorMessage()));
            app.exit(1);
        } else {
            app.exit(0);
        }
    };
    // A few frames after the first: ImGui sizes its auto-resizing windows from the frame before.
    int frames_after_data = -1;
    QObject::connect(view, &ScatterView::firstDataFrame, &app, [&] { frames_after_data = 0; });
    QObject::connect(view, &QOpenGLWidget::frameSwapped, &app, [&] {
        if (frames_after_data < 0) return;
        if (++frames_after_data >= 3) QTimer::singleShot(0, &app, capture);
        else view->update();
    });
    QObject::connect(&session, &Session::stateChanged, &app, [&](Session::State s) {
        if (s == Session::State::Missing || s == Session::State::Damaged) QTimer::singleShot(100, &app, capture);
        // Not shown on a screen (no exposure, no paint): grab() renders the view itself.
        if (s == Session::State::Ready) QTimer::singleShot(3000, &app, capture);
    });
    QTimer::singleShot(kScreenshotTimeoutMs, &app, [&] {
        if (done) return;
        done = true;
        std::fprintf(stderr, "embedscope: %s: no frame was drawn within %d s\n", qPrintable(options.screenshot),
                     kScreenshotTimeoutMs / 1000);
        app.exit(1);
    });
    window.show();
    return app.exec();
}

} // namespace es::ui
