// "The newest background result wins", written once: each run() starts work on a thread pool and
// hands its result to the owner's thread only if no run() or cancel() came after it; an older
// result is dropped unseen. A queued or long worker can ask its Ticket whether it is still wanted
// and return early (its result is dropped anyway).
#pragma once
#include "base/assertion.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include <utility>

namespace es::ui {

template <typename T>
class LatestTask {
public:
    // What a worker holds: stale() turns true once a newer run() or a cancel() was made.
    class Ticket {
    public:
        bool stale() const { return latest_->load() != generation_; }

    private:
        friend class LatestTask;
        Ticket(std::shared_ptr<const std::atomic<unsigned>> latest, unsigned generation)
            : latest_(std::move(latest)), generation_(generation) {}
        std::shared_ptr<const std::atomic<unsigned>> latest_;
        unsigned generation_;
    };

    // Results are delivered on `owner`'s thread; the task must live no longer than `owner`.
    explicit LatestTask(QObject* owner) : owner_(owner) {}
    LatestTask(const LatestTask&) = delete;
    LatestTask& operator=(const LatestTask&) = delete;

    // Runs work(Ticket) → T on `pool` (the global pool when null); deliver(T) runs on the owner's
    // thread when this is still the newest request. Call on the owner's thread.
    template <typename Work, typename Deliver>
    void run(Work work, Deliver deliver, QThreadPool* pool = nullptr) {
        ES_ASSERT(QThread::currentThread() == owner_->thread(), "LatestTask::run off its owner's thread");
        const unsigned generation = ++generation_;
        latest_->store(generation);
        ++in_flight_;
        auto* watcher = new QFutureWatcher<T>(owner_);
        QObject::connect(watcher, &QFutureWatcherBase::finished, owner_,
                         [this, watcher, generation, deliver = std::move(deliver)]() mutable {
                             --in_flight_;
                             watcher->deleteLater();
                             if (generation == generation_) deliver(watcher->result());
                         });
        auto job = [work = std::move(work), ticket = Ticket(latest_, generation)]() mutable -> T { return work(ticket); };
        watcher->setFuture(QtConcurrent::run(pool ? pool : QThreadPool::globalInstance(), std::move(job)));
    }

    // Whatever is in flight will not be delivered.
    void cancel() { latest_->store(++generation_); }
    // The newest request's number: a value kept from just after run() equals it while that
    // request is still the newest (the load's progress poll stops on a mismatch).
    unsigned generation() const { return generation_; }
    // Runs started and not yet finished, superseded ones included.
    int inFlight() const { return in_flight_; }

private:
    QObject* owner_;
    std::shared_ptr<std::atomic<unsigned>> latest_ = std::make_shared<std::atomic<unsigned>>(0);
    unsigned generation_ = 0;
    int in_flight_ = 0;
};

} // namespace es::ui
