#pragma once
// Prometheus text metrics: requests by route and status, a latency histogram per route.
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace alin::host {

// The server's connection counters, wired once the HTTP server exists.
struct ConnectionStats {
  std::function<int()> queued = [] { return 0; };
  std::function<int()> refused = [] { return 0; };
  std::function<int()> current = [] { return 0; };
};

class Metrics {
 public:
  // `route` is the pattern ("/api/v1/me/offers/{id}"), never the raw path, to bound the series.
  void record(const std::string& method, const std::string& route, int status, double seconds);
  std::string render(int queued_connections, int refused_connections,
                     int current_connections) const;

  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Latency {
    std::array<long, kBuckets.size()> buckets{};
    long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long> requests_;
  std::map<std::pair<std::string, std::string>, Latency> latency_;
};

}  // namespace alin::host
