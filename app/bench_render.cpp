// embedscope bench render [--frames N] [--vectors PATH] [--json]: the scatter view at 1280×800
// with every row of the vocabulary in 2-D, on the current display (Xvfb + llvmpipe in tests).
// A frame is timed from the repaint request to the swapped buffer, glFinish included, through
// the real render path (ScatterView::paintGL). Runs: panning (the camera moves 2 px every frame:
// labels and ticks laid out again, the cached point layer shifted), standing still, zooming (the
// scale changes every frame: all 341k points drawn again) by the renderer auto picks and by GL
// points and the CPU rasteriser side by side, and orbiting in 3-D. first_frame_ms is the launch
// of `embedscope --screenshot` to its first complete frame (EMBEDSCOPE_TIMING=1).
#include "cli.h"

#include "base/data_paths.h"
#include "base/error.h"
#include "document/session.h"
#include "gl/gl_surface_format.h"
#include "scatter/scatter_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
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

    ui::request_gl_core_format();
    static int argc = 1;
    static char name[] = "embedscope";
    static char* argv[] = {name, nullptr};
    QApplication app(argc, argv);
    ui::settle_gl_core_format();  // as the window does

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
    // Zooming: the scale changes every frame, so every word is drawn again each time; by the
    // renderer auto picks, then by each of the two in turn.
    auto zoom = [&] {
        return stats(time_frames(view, frames, [&](int i) {
            ui::CameraState c = start;
            c.pixels_per_unit *= 1.0 + 0.01 * double(i % 10);
            view.setCamera(c);
        }));
    };
    const Stats s_still = stats(still), s_pan = stats(panning), s_zoom = zoom();
    const bool auto_cpu = view.pointsOnCpu();
    view.setPointRenderer(ui::ScatterView::PointRenderer::Gpu);
    const Stats s_zoom_gl = zoom();
    view.setPointRenderer(ui::ScatterView::PointRenderer::Cpu);
    const Stats s_zoom_cpu = zoom();
    view.setPointRenderer(ui::ScatterView::PointRenderer::Auto);
    view.setCamera(start);
    const size_t points = view.pointsDrawn();

    // Orbiting in 3-D: every word projected and drawn again each frame (auto's renderer).
    ui::ProjectionSpec spec = session.projection();
    spec.three_d = true;
    session.setProjection(spec);
    if (!wait_for([&] { return view.threeD() && !session.projecting() && !view.animating(); }, kLoadTimeoutMs))
        throw Error("bench render: the 3-D projection did not finish");
    const ui::CameraState orbit_start = view.camera();
    const Stats s_orbit = stats(time_frames(view, frames, [&](int i) {
        ui::CameraState c = orbit_start;
        c.yaw_deg += 1.5 * double(i);
        view.setCamera(c);
    }));
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
                            {"zoom_frame_ms_median_gl_points", s_zoom_gl.median},
                            {"zoom_frame_ms_median_cpu_points", s_zoom_cpu.median},
                            {"orbit_3d_frame_ms_median", s_orbit.median},
                            {"points_renderer", auto_cpu ? "cpu" : "gl"},
                            {"first_frame_ms", first},
                            {"gl_renderer", renderer.toStdString()}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("points drawn          %zu (%dx%d, 2-D, %s)\n", points, kWidth, kHeight, qPrintable(renderer));
        std::printf("frame, panning        median %.1f ms, p90 %.1f ms (%d frames)\n", s_pan.median, s_pan.p90, frames);
        std::printf("frame, standing still median %.1f ms\n", s_still.median);
        std::printf("frame, zooming        median %.1f ms (every point drawn again, by %s)\n", s_zoom.median,
                    auto_cpu ? "the CPU" : "GL");
        std::printf("  by GL points        median %.1f ms\n", s_zoom_gl.median);
        std::printf("  by the CPU          median %.1f ms (%.2fx faster than GL points)\n", s_zoom_cpu.median,
                    s_zoom_gl.median / std::max(1e-9, s_zoom_cpu.median));
        std::printf("frame, orbiting 3-D   median %.1f ms\n", s_orbit.median);
        std::printf("launch to first frame %.0f ms\n", first);
    }
    return 0;
}

} // namespace es::cli
