#pragma once
// The HTTP request and response as the handlers see them: plain values, independent of the
// server library, so the router can be unit-tested and fuzzed without sockets.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alin::http {

struct Request {
  std::string method;  // "GET", "POST"…
  std::string path;    // decoded path, without the query
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string client_address;
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router

  std::string header(const std::string& lower_name) const;
  // The first value of a query parameter, or "" when absent.
  std::string query_value(const std::string& name) const;
  bool has_query(const std::string& name) const { return query.count(name) > 0; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
  std::string body;
};

// Splits "a=1&b=x%20y" into decoded pairs. Malformed escapes are kept as they are.
std::multimap<std::string, std::string> parse_query(std::string_view query);
// Percent-decodes a path; returns false on an invalid escape or a NUL byte.
bool decode_path(std::string_view raw, std::string& out);

}  // namespace alin::http
