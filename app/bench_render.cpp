// embedscope bench render [--frames N] [--vectors PATH] [--json]: the scatter view at 1280×800
// with every row of the vocabulary in 2-D, on the current display (Xvfb + llvmpipe in tests).
// A frame is timed from the repaint request to the swapped buffer, glFinish included, through
// the real render path (ScatterView::paintGL). Three runs: panning (the camera moves 2 px every
// frame: labels and ticks laid out again, the cached point layer shifted), standing still, and
// zooming (the scale changes every frame: all 341k points drawn again). first_frame_ms is the
// launch of `embedscope --screenshot` to its first complete frame (EMBEDSCOPE_TIMING=1).
#include "cli.h"

#include "data_paths.h"
#include "error.h"
#include "scatter_view.h"
#include "session.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QOpenGLContext>
#include <QProcess>
#include <QRegularExpression>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace es::cli {
namespace {

constexpr int kWidth = 1280, kHeight = 800;
constexpr int kLoadTimeoutMs = 180000;

QSurfaceFormat core_format(int major, int minor) {
    QSurfaceFormat f;
    f.setRenderableType(QSurfaceFormat::OpenGL);
    f.setVersion(major, minor);
    f.setProfile(QSurfaceFormat::CoreProfile);
    f.setDepthBufferSize(0);
    f.setStencilBufferSize(8);
    return f;
}

// Runs the event loop until `done()` or `timeout_ms`; false on timeout.
template <class F>
bool wait_for(F&& done, int timeout_ms) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeout_ms) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

struct Stats {
    double median = 0, p90 = 0;
};

Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    s.p90 = v[std::min(v.size() - 1, size_t(double(v.size()) * 0.9))];
    return s;
}

// Frame times (ms) of `frames` repaints; `step` runs before each (moves the camera or not).
template <class Step>
std::vector<double> time_frames(ui::ScatterView& view, int frames, Step&& step) {
    std::vector<double> out;
    bool swapped = false;
    const auto c = QObject::connect(&view, &QOpenGLWidget::frameSwapped, [&] { swapped = true; });
    for (int i = 0; i < frames; ++i) {
        step(i);
        swapped = false;
        QElapsedTimer clock;
        clock.start();
        view.update();
        if (!wait_for([&] { return swapped; }, 20000)) throw Error("bench render: the view stopped drawing");
        out.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    QObject::disconnect(c);
    return out;
}

// Launch to the first complete frame of the real program: `embedscope --screenshot`.
double first_frame_ms(const QString& vectors, QString& why) {
    QTemporaryDir dir;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("EMBEDSCOPE_TIMING"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    QStringList arguments{QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("first.png")), QStringLiteral("--size"),
                          QStringLiteral("%1x%2").arg(kWidth).arg(kHeight)};
    if (!vectors.isEmpty()) arguments << QStringLiteral("--vectors") << vectors;
    p.start(QCoreApplication::applicationFilePath(), arguments);
    if (!p.waitForFinished(kLoadTimeoutMs)) {
        p.kill();
        p.waitForFinished();
        why = QStringLiteral("embedscope --screenshot did not finish");
        return -1;
    }
    const QString err = QString::fromUtf8(p.readAllStandardError());
    const auto m = QRegularExpression(QStringLiteral("first-frame-ms: ([0-9.]+)")).match(err);
    if (!m.hasMatch()) {
        why = QStringLiteral("embedscope --screenshot printed no first-frame-ms: ") + err.trimmed().left(300);
        return -1;
    }
    return m.captured(1).toDouble();
}

} // namespace

int bench_render(Args& args) {
    const bool json = args.flag("--json");
    const int frames = int(args.integer("--frames", 60, 1, 100000));
    const auto vectors_opt = args.option("--vectors");
    args.positionals();
    const QString vectors = vectors_opt ? QString::fromStdString(*vectors_opt) : QString();
    const std::string path = vectors_opt ? *vectors_opt : default_table_path();

    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        throw Error("bench render: no display to draw on (run it under xvfb-run -a -s \"-screen 0 1280x800x24\")");

    QSurfaceFormat::setDefaultFormat(core_format(4, 3));
    static int argc = 1;
    static char name[] = "embedscope";
    static char* argv[] = {name, nullptr};
    QApplication app(argc, argv);
    {
        // DESIGN.md: 4.3 core, else 3.3 core (as the window does).
        QOpenGLContext probe;
        if (!probe.create() || probe.format().version() < qMakePair(4, 3)) QSurfaceFormat::setDefaultFormat(core_format(3, 3));
    }

    ui::Session session;
    session.load(QString::fromStdString(path));
    auto loaded = [&] {
        const auto s = session.state();
        return s == ui::Session::State::Missing || s == ui::Session::State::Damaged ||
               (s == ui::Session::State::Ready && session.pointCount() == session.vocabularySize() && !session.projecting());
    };
    if (!wait_for(loaded, kLoadTimeoutMs)) throw Error(path + ": the table did not load within " + std::to_string(kLoadTimeoutMs / 1000) + " s");
    if (session.state() != ui::Session::State::Ready) throw Error(session.errorMessage().toStdString());

    ui::ScatterView view(&session);
    view.resize(kWidth, kHeight);
    view.show();
    if (!wait_for([&] { return view.drewData(); }, 60000)) throw Error("bench render: the view drew no frame");
    view.setFinishEachFrame(true);
    time_frames(view, 3, [](int) {});  // warm-up: shader variants, texture caches

    const std::vector<double> still = time_frames(view, frames, [](int) {});
    const ui::CameraState start = view.camera();
    const std::vector<double> panning = time_frames(view, frames, [&](int i) {
        ui::CameraState c = start;
        c.centre_x += double((i % 40) - 20) * 2.0 / c.pixels_per_unit;  // 2 px a frame, back and forth
        view.setCamera(c);
    });
    // Zooming: the scale changes every frame, so every word is drawn again each time.
    const std::vector<double> zooming = time_frames(view, frames, [&](int i) {
        ui::CameraState c = start;
        c.pixels_per_unit *= 1.0 + 0.01 * double(i % 10);
        view.setCamera(c);
    });
    const Stats s_still = stats(still), s_pan = stats(panning), s_zoom = stats(zooming);
    const size_t points = view.pointsDrawn();
    const QString renderer = view.glRenderer();
    view.close();

    QString why;
    const double first = first_frame_ms(vectors, why);
    if (first < 0) throw Error("bench render: " + why.toStdString());

    if (json) {
        nlohmann::json j = {{"points", points},
                            {"width", kWidth},
                            {"height", kHeight},
                            {"frames", frames},
                            {"frame_ms_median", s_pan.median},
                            {"frame_ms_p90", s_pan.p90},
                            {"still_frame_ms_median", s_still.median},
                            {"zoom_frame_ms_median", s_zoom.median},
                            {"first_frame_ms", first},
                            {"gl_renderer", renderer.toStdString()}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("points drawn          %zu (%dx%d, 2-D, %s)\n", points, kWidth, kHeight, qPrintable(renderer));
        std::printf("frame, panning        median %.1f ms, p90 %.1f ms (%d frames)\n", s_pan.median, s_pan.p90, frames);
        std::printf("frame, standing still median %.1f ms\n", s_still.median);
        std::printf("frame, zooming        median %.1f ms (every point drawn again)\n", s_zoom.median);
        std::printf("launch to first frame %.0f ms\n", first);
    }
    return 0;
}

} // namespace es::cli
