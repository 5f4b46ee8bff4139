#include "server/metrics.hpp"

#include <sstream>

namespace alin::host {

void Metrics::record(const std::string& method, const std::string& route, int status,
                     double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Latency& latency = latency_[{method, route}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++latency.buckets[i];
  }
  ++latency.count;
  latency.sum += seconds;
}

std::string Metrics::render(int queued, int refused, int current) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP alin_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE alin_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "alin_http_requests_total{method=\"" << method << "\",route=\"" << route
        << "\",status=\"" << status << "\"} " << count << '\n';
  }
  out << "# HELP alin_http_request_duration_seconds Time to answer, by route.\n"
         "# TYPE alin_http_request_duration_seconds histogram\n";
  for (const auto& [key, latency] : latency_) {
    const std::string labels = "method=\"" + key.first + "\",route=\"" + key.second + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "alin_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i]
          << "\"} " << latency.buckets[i] << '\n';
    }
    out << "alin_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
        << latency.count << '\n'
        << "alin_http_request_duration_seconds_sum{" << labels << "} " << latency.sum << '\n'
        << "alin_http_request_duration_seconds_count{" << labels << "} " << latency.count << '\n';
  }
  out << "# HELP alin_http_connections_queued Accepted connections waiting for a worker.\n"
         "# TYPE alin_http_connections_queued gauge\nalin_http_connections_queued "
      << queued << "\n"
      << "# HELP alin_http_connections_refused_total Connections refused because the queue was "
         "full.\n"
         "# TYPE alin_http_connections_refused_total counter\nalin_http_connections_refused_total "
      << refused << "\n"
      << "# HELP alin_http_connections_current Connections being served.\n"
         "# TYPE alin_http_connections_current gauge\nalin_http_connections_current "
      << current << '\n';
  return out.str();
}

}  // namespace alin::host
