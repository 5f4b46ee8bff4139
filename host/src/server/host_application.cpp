#include "server/host_application.hpp"

#include <Poco/ConsoleChannel.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IntValidator.h>
#include <Poco/Util/OptionCallback.h>

#include <iostream>

#include "api/routes.hpp"
#include "http/pipeline.hpp"
#include "server/demo_data.hpp"
#include "server/http_adapter.hpp"
#include "server/idempotency.hpp"
#include "server/services.hpp"

namespace alin::host {

using Poco::Util::Option;
using Poco::Util::OptionCallback;

void HostApplication::initialize(Poco::Util::Application& self) {
  ServerApplication::initialize(self);
}

void HostApplication::defineOptions(Poco::Util::OptionSet& options) {
  ServerApplication::defineOptions(options);
  auto key = [&](const char* full, const char* short_name, const char* arg,
                 const char* description) {
    options.addOption(
        Option(full, short_name, description)
            .required(false)
            .repeatable(false)
            .argument(arg)
            .callback(OptionCallback<HostApplication>(this, &HostApplication::set_key)));
  };
  auto flag = [&](const char* full, const char* description) {
    options.addOption(
        Option(full, "", description)
            .required(false)
            .repeatable(false)
            .callback(OptionCallback<HostApplication>(this, &HostApplication::set_key)));
  };
  options.addOption(
      Option("help", "h", "print this help and exit")
          .required(false)
          .repeatable(false)
          .callback(OptionCallback<HostApplication>(this, &HostApplication::handle_help)));
  options.addOption(
      Option("config", "c", "read configuration from FILE (.properties, .ini or .xml)")
          .required(false)
          .repeatable(true)
          .argument("FILE")
          .callback(OptionCallback<HostApplication>(this, &HostApplication::handle_config)));
  key("port", "p", "N", "listen on port N (0: any free port; default 8080)");
  key("database", "d", "CONNECTION",
      "SOCI connection string: sqlite3://db=PATH (default sqlite3://db=var/alin.db) or "
      "postgresql://dbname=... host=... port=...");
  key("data", "", "DIR", "reference data folder, holding communes/ (default rules/data)");
  key("rules", "", "DIR", "Lua rules folder (default rules)");
  key("workflows", "", "DIR", "workflow definitions folder (default workflows)");
  key("plugins", "", "DIRS", "plugin folders, separated by ':' (default build/plugins)");
  key("mail", "", "TRANSPORT", "maildir:DIR (default maildir:var/mail) or smtp://HOST:PORT");
  key("threads", "", "N", "request worker threads: client connections served at once (default 64)");
  key("max-running", "", "N",
      "requests whose handler runs at once, the others waiting in arrival order (default 0: no "
      "bound)");
  key("max-queued", "", "N",
      "connections waiting for a worker before new ones are refused (default 256)");
  key("max-body", "", "BYTES", "largest request body accepted (default 1048576)");
  key("public-url", "", "URL", "base URL of the links in emails (default http://127.0.0.1:PORT)");
  flag("demo", "load the demo organisations and accounts (docs/demo.md)");
  flag("test-clock", "enable POST /api/v1/admin/clock to move time forward (tests, demos)");
}

void HostApplication::handle_help(const std::string&, const std::string&) {
  help_requested_ = true;
  Poco::Util::HelpFormatter formatter(options());
  formatter.setCommand(commandName());
  formatter.setUsage(
      "[--config FILE] [--port N] [--database CONNECTION] [--demo] [--test-clock] [OPTIONS]");
  formatter.setHeader(
      "alin-host serves the alin REST API (/api/v1). Every option is also a configuration key "
      "(docs/operators.md). The admin account comes from admin.email/admin.password in the "
      "configuration file or ALIN_ADMIN_EMAIL/ALIN_ADMIN_PASSWORD, never from the command line.");
  formatter.format(std::cout);
  stopOptionsProcessing();
}

void HostApplication::handle_config(const std::string&, const std::string& value) {
  loadConfiguration(value, PRIO_DEFAULT);
}

void HostApplication::set_key(const std::string& name, const std::string& value) {
  static const std::map<std::string, std::string> keys = {{"port", "server.port"},
                                                          {"database", "database.connection"},
                                                          {"data", "paths.data"},
                                                          {"rules", "paths.rules"},
                                                          {"workflows", "paths.workflows"},
                                                          {"plugins", "paths.plugins"},
                                                          {"mail", "mail.transport"},
                                                          {"threads", "server.threads"},
                                                          {"max-running", "server.maxRunning"},
                                                          {"max-queued", "server.maxQueued"},
                                                          {"max-body", "server.maxBodyBytes"},
                                                          {"public-url", "public.url"},
                                                          {"demo", "demo"},
                                                          {"test-clock", "testClock"}};
  const auto it = keys.find(name);
  // Command-line values override the file's: they are set at the application layer's priority.
  config().setString(it == keys.end() ? name : it->second, value.empty() ? "true" : value);
}

int HostApplication::main(const std::vector<std::string>& arguments) {
  if (help_requested_) return Application::EXIT_OK;
  // Every setting is an option: a stray word is a mistake (`--demo maybe`: --demo takes no
  // value), not something to ignore.
  if (!arguments.empty()) {
    std::cerr << "alin-host: unexpected argument \"" << arguments.front()
              << "\" (settings are options, --name=value; --help lists them)" << std::endl;
    return Application::EXIT_USAGE;
  }
  Poco::Logger& access_log = Poco::Logger::get("access");
  access_log.setChannel(new Poco::ConsoleChannel(std::cerr));

  std::unique_ptr<Services> services;
  try {
    HostConfig config = HostConfig::from(Application::config());
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress(config.bind_address, static_cast<Poco::UInt16>(config.port)));
    const int port = socket.address().port();
    if (config.accounts.public_url.empty()) {
      config.accounts.public_url = "http://" + config.bind_address + ":" + std::to_string(port);
    }
    services = Services::build(config);
    if (config.demo) load_demo_data(*services);

    http::Router router;
    add_all_routes(router, *services);
    http::Pipeline pipeline(
        router,
        [&services](const http::Request& request, const http::Route* route,
                    const http::Response& response, double seconds) {
          services->metrics.record(request.method, route ? route->pattern : "unmatched",
                                   response.status, seconds);
        },
        [](const http::Request& request, const std::string& what) {
          Poco::Logger::get("alin").error("request " + request.request_id + " " + request.method +
                                          " " + request.path + " failed: " + what);
        });

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config.threads);
    params->setMaxQueued(config.max_queued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(config.keep_alive_seconds, 0));
    params->setMaxKeepAliveRequests(config.max_keep_alive_requests);
    params->setTimeout(Poco::Timespan(30, 0));
    Poco::ThreadPool workers("http", 2, config.threads, 60);
    IdempotentHandler handler(
        *services, [&pipeline](http::Request& request) { return pipeline.handle(request); });
    Poco::Net::HTTPServer server(
        new HandlerFactory(handler, config.max_body_bytes, config.max_running, access_log), workers,
        socket, params);
    services->connections.queued = [&server] { return server.queuedConnections(); };
    services->connections.refused = [&server] { return server.refusedConnections(); };
    services->connections.current = [&server] { return server.currentConnections(); };
    services->outbox->start();
    services->timers->start();
    server.start();
    std::cout << "listening on http://" << config.bind_address << ":" << port << std::endl;

    waitForTerminationRequest();  // SIGINT or SIGTERM

    // Graceful stop: no new connections, let the requests in flight finish, then the outbox.
    server.stopAll(false);
    for (int i = 0; i < 100 && server.currentConnections() > 0; ++i) Poco::Thread::sleep(50);
    services->timers->stop();
    services->outbox->stop();
    services->connections = {};
    std::cout << "stopped" << std::endl;
    return Application::EXIT_OK;
  } catch (const std::exception& e) {
    std::cerr << "alin-host: " << e.what() << std::endl;
    if (services) {
      if (services->timers) services->timers->stop();
      services->outbox->stop();
    }
    return Application::EXIT_CONFIG;
  }
}

}  // namespace alin::host
