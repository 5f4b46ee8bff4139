#include "alin/util/periodic_worker.hpp"

#include <iostream>

namespace alin {

void PeriodicWorker::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      bool more = false;
      try {
        more = task_();
      } catch (const std::exception& e) {
        // The database may be briefly unavailable: the work stays in its rows, tried again later.
        std::cerr << name_ << ": " << e.what() << '\n';
      }
      lock.lock();
      if (more) continue;
      wake_.wait_for(lock, interval_, [this] { return stopping_ || notified_; });
      notified_ = false;
    }
  });
}

void PeriodicWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicWorker::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_all();
}

}  // namespace alin
