#include "document/encoder_host.h"

#include "encoder/cpu_backend.h"
#include "encoder/encoder.h"
#include "base/error.h"
#include "encoder/gl/gl_backend.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <QThread>

#include <exception>

namespace es::ui {

namespace {

// Deletes on the GUI thread, where the offscreen surface was made.
void destroy(EncoderHost* h) {
    QCoreApplication* app = QCoreApplication::instance();
    if (!app || QThread::currentThread() == app->thread()) delete h;
    else QMetaObject::invokeMethod(app, [h] { delete h; }, Qt::QueuedConnection);
}

} // namespace

std::shared_ptr<EncoderHost> EncoderHost::create(const QString& choice) {
    std::shared_ptr<EncoderHost> h(new EncoderHost, destroy);
    h->choice_ = choice;
    h->thread_ = std::make_unique<QThread>();
    h->thread_->setObjectName("encoder");
    h->worker_ = new QObject;
    h->worker_->moveToThread(h->thread_.get());
    h->thread_->start();
    QString why;
    if (choice != "cpu") {
        if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
            why = QStringLiteral("no GUI application for OpenGL");
        } else {
            QSurfaceFormat format;
            format.setVersion(4, 3);
            format.setProfile(QSurfaceFormat::CoreProfile);
            h->surface_ = std::make_unique<QOffscreenSurface>();
            h->surface_->setFormat(format);
            h->surface_->create();
            auto* context = new QOpenGLContext;
            context->setFormat(format);
            if (!context->create()) {
                delete context;
                why = QStringLiteral("no OpenGL 4.3 context");
            } else {
                context->moveToThread(h->thread_.get());
                h->context_ = context;
                h->call([&] {
                    if (!context->makeCurrent(h->surface_.get())) {
                        why = QStringLiteral("the OpenGL context cannot be made current");
                        return;
                    }
                    const QSurfaceFormat got = context->format();
                    if (got.majorVersion() < 4 || (got.majorVersion() == 4 && got.minorVersion() < 3)) {
                        why = QStringLiteral("compute needs OpenGL 4.3; the context offers %1.%2").arg(got.majorVersion()).arg(got.minorVersion());
                        return;
                    }
                    const auto* r = reinterpret_cast<const char*>(context->functions()->glGetString(GL_RENDERER));
                    const std::string renderer = r ? r : "";
                    if (choice == "auto" && is_software_renderer(renderer)) {
                        why = QStringLiteral("auto: %1 is a software renderer; the CPU is faster").arg(QString::fromStdString(renderer));
                        return;
                    }
                    try {
                        h->backend_ = std::make_shared<GlBackend>(
                            [context](const char* name) { return reinterpret_cast<void*>(context->getProcAddress(name)); });
                        h->gl_ = true;
                        h->in_use_ = QStringLiteral("gpu: ") + QString::fromStdString(h->backend_->device());
                    } catch (const std::exception& e) {
                        why = QString::fromUtf8(e.what());
                    }
                });
            }
        }
    }
    if (!h->backend_) {
        h->backend_ = std::make_shared<CpuBackend>(2);
        h->in_use_ = why.isEmpty() ? QStringLiteral("cpu") : QStringLiteral("cpu (%1)").arg(why);
    }
    return h;
}

EncoderHost::~EncoderHost() {
    // GL objects go while their context is current, on the host thread.
    call([this] {
        backend_.reset();
        if (context_) {
            context_->doneCurrent();
            delete context_;
            context_ = nullptr;
        }
    });
    thread_->quit();
    thread_->wait();
    delete worker_;
}

void EncoderHost::call(const std::function<void()>& f) {
    if (QThread::currentThread() == thread_.get()) return f();
    std::exception_ptr error;
    QMetaObject::invokeMethod(
        worker_,
        [&] {
            try {
                f();
            } catch (...) {
                error = std::current_exception();
            }
        },
        Qt::BlockingQueuedConnection);
    if (error) std::rethrow_exception(error);
}

std::shared_ptr<Encoder> EncoderHost::own(std::shared_ptr<EncoderHost> host, std::unique_ptr<Encoder> encoder) {
    return std::shared_ptr<Encoder>(encoder.release(), [host](Encoder* e) { host->call([e] { delete e; }); });
}

} // namespace es::ui
