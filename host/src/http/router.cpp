#include "http/router.hpp"

#include <stdexcept>

namespace alin::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

namespace {
bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// How well a route fits: -1 when it does not, else the count of literal segments matched.
int fit(const Route& route, const std::vector<std::string>& segments) {
  if (route.segments.size() != segments.size()) return -1;
  int literals = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (is_parameter(route.segments[i])) continue;
    if (route.segments[i] != segments[i]) return -1;
    ++literals;
  }
  return literals;
}
}  // namespace

void Router::add(std::string method, std::string pattern, RouteDoc doc, Handler handler) {
  if (doc.summary.empty() || doc.responses.empty()) {
    throw std::logic_error("route " + method + " " + pattern + " has no documentation");
  }
  Route route{std::move(method), pattern, split_path(pattern), std::move(handler), std::move(doc)};
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Request& request) const {
  const auto segments = split_path(request.path);
  Match result;
  int best = -1;
  for (const Route& route : routes_) {
    const int score = fit(route, segments);
    if (score < 0) continue;
    if (route.method != request.method) {
      result.allowed_methods.push_back(route.method);
      continue;
    }
    if (score > best) {
      best = score;
      result.route = &route;
    }
  }
  if (result.route != nullptr) {
    request.path_params.clear();
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const std::string& s = result.route->segments[i];
      if (is_parameter(s)) request.path_params[s.substr(1, s.size() - 2)] = segments[i];
    }
  }
  return result;
}

}  // namespace alin::http
