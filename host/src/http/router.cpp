#include "http/router.hpp"

#include <algorithm>
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

// Whether a route fits the path's segments: as many of them, and each literal equal.
bool fits(const Route& route, const std::vector<std::string>& segments) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (!is_parameter(route.segments[i]) && route.segments[i] != segments[i]) return false;
  }
  return true;
}

// Between two routes that fit the same path: the first depth where one has a literal and the
// other a parameter decides, for the literal. Registration order never matters.
bool more_specific(const Route& a, const Route& b) {
  for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    const bool a_literal = !is_parameter(a.segments[i]), b_literal = !is_parameter(b.segments[i]);
    if (a_literal != b_literal) return a_literal;
  }
  return false;
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
  for (const Route& route : routes_) {
    if (!fits(route, segments)) continue;
    if (route.method != request.method) {
      // Two routes of one method may fit the same path ("/x/{id}" and "/x/new"): list it once.
      auto& allowed = result.allowed_methods;
      if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
        allowed.push_back(route.method);
      }
      continue;
    }
    if (result.route == nullptr || more_specific(route, *result.route)) result.route = &route;
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
