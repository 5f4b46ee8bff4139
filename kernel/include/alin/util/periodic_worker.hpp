#pragma once
// A background thread that runs a task every interval, at once when notified, and without pause
// while the task reports a full batch. Used by the outbox dispatcher and the timer scheduler.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace alin {

class PeriodicWorker {
 public:
  // `task` returns true when it may have more to do right away.
  PeriodicWorker(std::string name, std::chrono::milliseconds interval, std::function<bool()> task)
      : name_(std::move(name)), interval_(interval), task_(std::move(task)) {}
  ~PeriodicWorker() { stop(); }

  void start();
  void stop();
  void notify();

 private:
  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<bool()> task_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool notified_ = false;
  std::thread thread_;
};

}  // namespace alin
