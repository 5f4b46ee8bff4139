#pragma once
// Time is an input: services read it from a Clock so tests and the demo can move it forward.
#include <atomic>
#include <cstdint>
#include <string>

namespace alin {

using UnixSeconds = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds now() const override;
};

// The real time plus an offset that only moves forward (POST /admin/clock).
class TestClock final : public Clock {
 public:
  UnixSeconds now() const override;
  void advance(UnixSeconds seconds) { offset_ += seconds; }
  UnixSeconds offset() const { return offset_; }

 private:
  std::atomic<UnixSeconds> offset_{0};
};

// "2026-11-22T10:15:00Z"
std::string format_utc(UnixSeconds t);

}  // namespace alin
