// The thread the explorer's encoder runs on. With the GL compute backend it holds that
// backend's context (GL calls must come from the thread the context is current on); with the
// CPU backend it serialises runs. Encoders are made, run and destroyed through call().
#pragma once
#include "gl/compute_backend_choice.h"

#include <QString>

#include <functional>
#include <memory>

class QThread;
class QObject;

namespace es {
class ComputeBackend;
class Encoder;
}

namespace es::ui {

class EncoderHost {
public:
    // `choice`: auto (GL compute only on a hardware GPU, DESIGN.md), cpu or gpu (GL compute
    // wherever a 4.3 context opens; else the CPU, with the reason in inUse()). Call it on the GUI
    // thread: a GL surface is made there.
    static std::shared_ptr<EncoderHost> create(const QString& choice);
    ~EncoderHost();
    EncoderHost(const EncoderHost&) = delete;
    EncoderHost& operator=(const EncoderHost&) = delete;

    QString choice() const { return choice_; }
    // "cpu", "gpu: <renderer>", and why auto or a failed gpu took the CPU.
    QString inUse() const { return in_use_; }
    bool usesGl() const { return gl_; }
    // The backend for encoders made inside call().
    std::shared_ptr<ComputeBackend> backend() const { return backend_; }
    // Runs `f` on the host thread and waits for it; exceptions reach the caller.
    void call(const std::function<void()>& f);
    // The encoder, destroyed on the host thread when its last owner lets go.
    static std::shared_ptr<Encoder> own(std::shared_ptr<EncoderHost> host, std::unique_ptr<Encoder> encoder);

private:
    EncoderHost() = default;
    QString choice_, in_use_;
    bool gl_ = false;
    std::unique_ptr<QThread> thread_;
    QObject* worker_ = nullptr;  // lives on thread_: call()'s target
    ComputeBackendChoice choice_backend_;  // the backend and, for GL, its context
    std::shared_ptr<ComputeBackend> backend_;
};

} // namespace es::ui
