#include "alin/util/clock.hpp"

#include <chrono>
#include <ctime>

namespace alin {

UnixSeconds SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

UnixSeconds TestClock::now() const {
  return SystemClock{}.now() + offset_.load();
}

std::string format_utc(UnixSeconds t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace alin
