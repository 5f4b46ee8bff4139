#include "server/http_adapter.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "alin/util/crypto.hpp"
#include "http/problem.hpp"

namespace alin::host {
namespace {

bool is_safe_request_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(const RequestHandlerFunction& handler, std::size_t max_body_bytes,
                 AdmissionGate* gate, Poco::Logger& access_log)
      : handler_(handler), max_body_bytes_(max_body_bytes), gate_(gate), access_log_(access_log) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    const auto started = std::chrono::steady_clock::now();
    http::Request request;
    request.method = in.getMethod();
    request.client_address = in.clientAddress().host().toString();
    for (const auto& [name, value] : in) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      request.headers[lower] = value;
    }
    const std::string given_id = request.header("x-request-id");
    request.request_id = is_safe_request_id(given_id) ? given_id : crypto::random_token(12);

    http::Response response;
    if (auto problem = read(in, request)) {
      response = problem->to_response(request.request_id);
      response.headers["X-Request-Id"] = request.request_id;
      // The unread body is still on the wire: this connection cannot carry another request.
      out.setKeepAlive(false);
    } else {
      try {
        response = run(request);
      } catch (const std::exception& e) {
        // The pipeline answers every failure of a handler; this is a failure around it.
        Poco::Logger::get("alin").error("request " + request.request_id + " failed: " + e.what());
        response = http::Problem{
            500,
            "internal_error",
            "Une erreur interne est survenue.",
            "Communiquez l'identifiant de requête au support.",
            {}}.to_response(request.request_id);
      }
    }
    send(in, out, response);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    if (access_log_.information()) {
      access_log_.information(request.client_address + " \"" + request.method + " " + in.getURI() +
                              "\" " + std::to_string(response.status) + " " +
                              std::to_string(response.body.size()) + " " + std::to_string(micros) +
                              "us id=" + request.request_id);
    }
  }

 private:
  // The handler, in its turn when the gate bounds how many run at once (reading the request and
  // sending the answer stay outside it: they wait on the network, not on the CPU).
  http::Response run(http::Request& request) {
    if (!gate_) return handler_(request);
    const auto turn = gate_->enter();
    return handler_(request);
  }

  // Splits the target and reads the body within the size limit; a problem when either fails.
  std::optional<http::Problem> read(Poco::Net::HTTPServerRequest& in, http::Request& request) {
    const std::string& target = in.getURI();
    const auto question = target.find('?');
    if (!http::decode_path(target.substr(0, question), request.path) || request.path.empty() ||
        request.path.front() != '/') {
      return http::bad_request("malformed_path", "Le chemin de la requête n'est pas valide.");
    }
    if (question != std::string::npos)
      request.query = http::parse_query(target.substr(question + 1));

    if (in.hasContentLength() &&
        in.getContentLength64() > static_cast<Poco::Int64>(max_body_bytes_)) {
      drain(in.stream());
      return http::payload_too_large(max_body_bytes_);
    }
    // Chunked bodies announce no length: read one byte past the limit to know.
    std::istream& body = in.stream();
    std::string buffer(8192, '\0');
    while (body) {
      body.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      request.body.append(buffer.data(), static_cast<std::size_t>(body.gcount()));
      if (request.body.size() > max_body_bytes_) {
        drain(body);
        return http::payload_too_large(max_body_bytes_);
      }
    }
    return std::nullopt;
  }

  // Reads and drops what is left of a refused body, up to a bound: closing a socket with unread
  // input makes TCP reset it, and the client would lose the 413 it is owed. Past the bound, the
  // connection is closed anyway.
  void drain(std::istream& body) const {
    const std::size_t bound = std::max<std::size_t>(max_body_bytes_ * 8, 8u << 20);
    char sink[8192];
    for (std::size_t dropped = 0; body && dropped < bound;
         dropped += static_cast<std::size_t>(body.gcount())) {
      body.read(sink, sizeof sink);
    }
  }

  static void send(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                   const http::Response& response) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    for (const auto& [name, value] : response.headers) out.set(name, value);
    if (response.status == 204) {
      out.setContentLength(0);
      out.send();
      return;
    }
    out.setContentType(response.content_type);
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    // Poco's sendBuffer passes the body through a 4 KB stream buffer, a compile-time constant: a
    // listing's 10 KB went out in three sends, each through the TCP stack. The head as Poco
    // writes it, then head and body in one send (which sends all of it on a blocking socket).
    std::ostringstream head;
    out.write(head);
    std::string message = std::move(head).str();
    if (in.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD) message += response.body;
    static_cast<Poco::Net::HTTPServerRequestImpl&>(in).socket().sendBytes(
        message.data(), static_cast<int>(message.size()));
  }

  const RequestHandlerFunction& handler_;
  std::size_t max_body_bytes_;
  AdmissionGate* gate_;  // null: no bound
  Poco::Logger& access_log_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* HandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new RequestHandler(handler_, max_body_bytes_, gate_.get(), access_log_);
}

}  // namespace alin::host
