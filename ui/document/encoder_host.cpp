#include "document/encoder_host.h"

#include "encoder/cpu_backend.h"
#include "encoder/encoder.h"
#include "base/error.h"
#include "gl/gl_compute_context.h"

#include <QCoreApplication>
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
    ComputeBackendOptions options;
    options.gpu_required = false;  // a gpu that cannot be had runs on the CPU, the reason in inUse()
    options.thread = h->thread_.get();
    options.run_on_thread = [raw = h.get()](const std::function<void()>& f) { raw->call(f); };
    h->choice_backend_ = choose_compute_backend(choice.toStdString(), options);
    h->backend_ = h->choice_backend_.backend;
    h->gl_ = h->choice_backend_.gl();
    const QString note = QString::fromStdString(h->choice_backend_.note);
    h->in_use_ = h->gl_                ? QStringLiteral("gpu: ") + QString::fromStdString(h->backend_->device())
                 : note.isEmpty()      ? QStringLiteral("cpu")
                                       : QStringLiteral("cpu (%1)").arg(note);
    return h;
}

EncoderHost::~EncoderHost() {
    // GL objects go while their context is current, on the host thread.
    call([this] {
        backend_.reset();
        choice_backend_.backend.reset();
        if (choice_backend_.context) choice_backend_.context->release();  // the surface goes on the GUI thread
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
