// Query parameters shared by the routes.
#include <algorithm>

#include "api/routes.hpp"
#include "http/problem.hpp"

namespace alin::host {

int query_integer(const http::Request& request, const std::string& name, int fallback, int min,
                  int max) {
  if (!request.has_query(name)) return fallback;
  const std::string text = request.query_value(name);
  const bool digits =
      !text.empty() && text.size() <= 6 && std::all_of(text.begin(), text.end(), ::isdigit);
  const int value = digits ? std::stoi(text) : -1;
  if (value < min || value > max) {
    throw http::ProblemException(
        http::bad_request("invalid_input", "Certains paramètres ne sont pas valides.",
                          {{name, "out_of_range",
                            name + " doit être un entier entre " + std::to_string(min) + " et " +
                                std::to_string(max) + "."}}));
  }
  return value;
}

}  // namespace alin::host
