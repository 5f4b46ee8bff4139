#pragma once
// At most N requests run their handler at once; the others wait their turn in arrival order.
//
// Poco runs a keep-alive connection on its own thread, so the threads are as many as the clients
// served at once (64 by default). Left to the scheduler, 32 CPU-bound requests on 2 cores share
// them in time slices and every one of them finishes late: a few at a time, in order, finish
// sooner and the tail shrinks. A waiter is handed its turn directly, one wake-up per turn.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace alin::host {

class AdmissionGate {
 public:
  explicit AdmissionGate(std::size_t slots) : free_(slots) {}

  class Turn {
   public:
    explicit Turn(AdmissionGate& gate) : gate_(gate) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn() { gate_.leave(); }

   private:
    AdmissionGate& gate_;
  };

  // Blocks until a slot is this caller's; the slot is given back when the Turn ends.
  [[nodiscard]] Turn enter() {
    std::unique_lock lock(mutex_);
    if (free_ > 0 && waiting_.empty()) {
      --free_;
      return Turn(*this);
    }
    Waiter self;
    waiting_.push_back(&self);
    self.woken.wait(lock, [&] { return self.admitted; });
    return Turn(*this);
  }

  // How many wait for their turn now (metrics, tests).
  std::size_t waiting() {
    std::lock_guard lock(mutex_);
    return waiting_.size();
  }

 private:
  struct Waiter {
    std::condition_variable woken;
    bool admitted = false;
  };

  void leave() {
    std::lock_guard lock(mutex_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    // The slot passes straight to the oldest waiter.
    Waiter* next = waiting_.front();
    waiting_.pop_front();
    next->admitted = true;
    next->woken.notify_one();
  }

  std::mutex mutex_;
  std::size_t free_;
  std::deque<Waiter*> waiting_;
};

}  // namespace alin::host
